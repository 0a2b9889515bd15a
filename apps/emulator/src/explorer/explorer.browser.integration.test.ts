// The explorer in a real browser (Debian's chromium, driven by playwright-core): a cold SDK request
// shows the model in the memory tier and the event feed; loading a second model into a one-model
// memory tier evicts the first, which moves to the disk tier; the page's Unload and Reset work, and a
// cross-origin post is refused. A screenshot is kept under test-artifacts/.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../config/emulator-config.js";
import { openChromium } from "../test-support/chromium.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const MODELS_URL = "s3://mme-models/explorer/";

let emulator: TestEmulator;
let context: BrowserContext;
let page: Page;
let workDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-explorer-"));
  for (const name of ["alpha", "beta"]) {
    await addModel(emulator.s3Client, {
      dir: await writeAddSubOnnx(join(workDir, "models"), name),
      tarballName: `${name}.tar.gz`,
      modelDataUrl: MODELS_URL,
    });
  }
  await emulator.declareMultiModelEndpoint("shop", MODELS_URL, { MME_MAX_LOADED_MODELS: "1" });
  context = await openChromium(workDir);
  page = await context.newPage();
  await page.goto(`${emulator.url}/_mme/`);
  await page.locator('#live[data-state="live"]').waitFor();
}, 120_000);

afterAll(async () => {
  await context?.close();
  await emulator?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const invoke = (TargetModel: string) =>
  emulator.runtimeClient().send(
    new InvokeEndpointCommand({
      EndpointName: "shop",
      TargetModel,
      ContentType: "application/json",
      Body: JSON.stringify(ADD_SUB_REQUEST),
    }),
  );
const row = (model: string, tier: string) =>
  page.locator(`[data-endpoint="shop"] tr[data-model="${model}"][data-tier="${tier}"]`);
const feedItem = (kind: string, model: string) =>
  page.locator(`#feed li[data-kind="${kind}"][data-model="${model}"]`);

function postFrom(origin: string | undefined, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end("{}");
  });
}

describe("the explorer page", () => {
  it("shows a cold model arriving in the memory tier and the event feed, then its eviction", async () => {
    await invoke("alpha.tar.gz");
    await row("alpha.tar.gz", "memory").waitFor();
    await feedItem("load", "alpha.tar.gz").waitFor();
    await feedItem("download", "alpha.tar.gz").waitFor();
    expect(
      Number(
        await page.locator('[data-endpoint="shop"] .tier[data-tier="memory"]').getAttribute("data-used"),
      ),
    ).toBeGreaterThan(0);

    await invoke("beta.tar.gz");
    await row("beta.tar.gz", "memory").waitFor();
    await row("alpha.tar.gz", "disk").waitFor();
    await feedItem("unload", "alpha.tar.gz").waitFor();
    expect(
      await page
        .locator('[data-endpoint="shop"] table.models tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model"))),
    ).toEqual(["beta.tar.gz", "alpha.tar.gz"]);

    await invoke("alpha.tar.gz");
    await feedItem("reload", "alpha.tar.gz").waitFor();
    await row("alpha.tar.gz", "memory").waitFor();
    for (let i = 0; i < 3; i++) await invoke("alpha.tar.gz");
    await page.locator('[data-endpoint="shop"] [data-stat="hit"]', { hasText: "50.0 %" }).waitFor();
    await page
      .locator('[data-endpoint="shop"] [data-chart="hit"][data-points]:not([data-points="0"]) canvas')
      .waitFor();
    await page
      .locator('[data-endpoint="shop"] [data-chart="wait"][data-points]:not([data-points="0"]) canvas')
      .waitFor();

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "explorer.png"), fullPage: true });
    const latencies = await page.evaluate(
      () => (globalThis as unknown as { __mmeLatencies: unknown }).__mmeLatencies,
    );
    await writeFile(join(ARTIFACTS, "explorer-latencies.json"), JSON.stringify(latencies));
  });

  it("sizes the load-wait axis to its labels: a 12 s wait reads in full", async () => {
    // The page as served, with the chart series answered for a slow model (waits in µs, as the API sends).
    const slow = await context.newPage();
    await slow.route("**/_mme/api/charts?**", async (route) => {
      const real = (await (await route.fetch()).json()) as { times: number[] };
      const times = real.times.slice(-6);
      const waits = [400_000, 1_500_000, 12_000_000, 9_000_000, 3_000_000, 800_000].slice(-times.length);
      await route.fulfill({
        json: { times, series: { hitRatio: times.map(() => 0.5), waitP50: waits, waitP99: waits } },
      });
    });
    await slow.goto(`${emulator.url}/_mme/`);
    const axis = slow.locator('[data-endpoint="shop"] [data-chart="wait"] .uplot[data-y-axis-width]');
    await axis.waitFor();
    const labelWidth = Number(await axis.getAttribute("data-y-label-width"));
    const axisWidth = Number(await axis.getAttribute("data-y-axis-width"));
    expect(labelWidth).toBeGreaterThan(0);
    expect(axisWidth).toBeGreaterThanOrEqual(labelWidth + 10);
    await mkdir(ARTIFACTS, { recursive: true });
    await slow
      .locator('[data-endpoint="shop"] [data-chart="wait"]')
      .screenshot({ path: join(ARTIFACTS, "explorer-wait-axis.png") });
    await slow.close();
  });

  it("unloads a model from its row's Unload button; it stays on disk", async () => {
    await page.locator('tr[data-model="alpha.tar.gz"] button[data-unload]').click();
    await row("alpha.tar.gz", "disk").waitFor();
    await page
      .locator('#feed li[data-kind="unload"][data-model="alpha.tar.gz"]', { hasText: "explorer" })
      .or(feedItem("unload", "alpha.tar.gz").nth(1))
      .first()
      .waitFor();
  });

  it("refuses cross-origin posts, from a browser page elsewhere and with a foreign Origin", async () => {
    await invoke("beta.tar.gz");
    await row("beta.tar.gz", "memory").waitFor();
    expect(await postFrom("http://evil.example", "/_mme/reset")).toBe(403);
    expect(await postFrom("http://evil.example", "/_mme/api/unload")).toBe(403);
    const elsewhere = await context.newPage();
    await elsewhere.goto("data:text/html,<p>elsewhere</p>");
    await elsewhere.evaluate(
      (url) =>
        fetch(`${url}/_mme/reset`, { method: "POST", mode: "no-cors" }).then(
          () => undefined,
          () => undefined,
        ),
      emulator.url,
    );
    await elsewhere.close();
    const status = (await (await fetch(`${emulator.url}/mme/status`)).json()) as {
      endpoints: { loadedModels?: string[] }[];
    };
    expect(status.endpoints[0]!.loadedModels).toEqual(["beta.tar.gz"]);
  });

  it("resets from the page: every model gone, feed restarted with the reset", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("#reset").click();
    await page.locator('[data-endpoint="shop"] .no-models').waitFor();
    await page.locator('#feed li[data-kind="reset"]').waitFor();
    expect(await page.locator("#feed li").count()).toBe(1);
    const metrics = emulator.view.metricStore.list().filter((s) => s.namespace === "AWS/SageMaker");
    expect(metrics).toEqual([]);
  });
});
