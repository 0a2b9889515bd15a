// The explorer's components view in a real browser (Debian's chromium, driven by playwright-core): an
// endpoint for inference components made through the AWS SDK v3 with two components shows both, with
// their status, model, copies, compute per copy and routing; scaling one to 0 shows on the page; each
// copy shows under its component once the plane reports copies. A screenshot is kept under test-artifacts/.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  SageMakerClient,
  UpdateInferenceComponentRuntimeConfigCommand,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { addModel, LOCAL_PROFILE } from "@mme/core";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../config/emulator-config.js";
import type { EndpointStatusView } from "../status/endpoint-status.js";
import { openChromium } from "../test-support/chromium.js";
import { writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const MODELS_URL = "s3://mme-models/explorer-ic/";
const ENDPOINT = "ic-shop";

let emulator: TestEmulator;
let sagemaker: SageMakerClient;
let context: BrowserContext;
let page: Page;
let workDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-explorer-ic-"));
  sagemaker = new SageMakerClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  for (const name of ["alpha", "beta"]) {
    await addModel(emulator.s3Client, {
      dir: await writeAddSubOnnx(join(workDir, "models"), name),
      tarballName: `${name}.tar.gz`,
      modelDataUrl: MODELS_URL,
    });
    await sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: LOCAL_PROFILE.role,
        PrimaryContainer: { Image: LOCAL_PROFILE.imageUri, ModelDataUrl: `${MODELS_URL}${name}.tar.gz` },
      }),
    );
  }
  await sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${ENDPOINT}-config`,
      ExecutionRoleArn: LOCAL_PROFILE.role,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          InstanceType: "ml.m5.xlarge",
          InitialInstanceCount: 1,
          ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
          RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        },
      ],
    }),
  );
  await sagemaker.send(
    new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-config` }),
  );
  await waitUntilEndpointInService(
    { client: sagemaker, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { EndpointName: ENDPOINT },
  );
  context = await openChromium(workDir);
  page = await context.newPage();
  await page.goto(`${emulator.url}/_mme/`);
  await page.locator('#live[data-state="live"]').waitFor();
}, 120_000);

afterAll(async () => {
  sagemaker?.destroy();
  await context?.close();
  await emulator?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const createComponent = (name: string, copies: number, compute: Record<string, number>) =>
  sagemaker.send(
    new CreateInferenceComponentCommand({
      InferenceComponentName: name,
      EndpointName: ENDPOINT,
      VariantName: "AllTraffic",
      Specification: {
        ModelName: name === "alpha-ic" ? "alpha" : "beta",
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 512, ...compute },
      },
      RuntimeConfig: { CopyCount: copies },
    }),
  );
const card = () => page.locator(`[data-endpoint="${ENDPOINT}"]`);
const component = (name: string, attributes: string) =>
  card().locator(`tr.component[data-component="${name}"]${attributes}`);

describe("the explorer's components view", () => {
  it("shows an IC endpoint's two components with their copies, compute and routing", async () => {
    // The endpoint alone first: no component yet, and no MME tiers or charts on its card.
    await card().locator(".components-wrap .no-models").waitFor();
    expect(await card().locator(".tiers").isVisible()).toBe(false);
    expect(await card().locator(".charts").isVisible()).toBe(false);

    await createComponent("alpha-ic", 2, { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 });
    await createComponent("beta-ic", 1, {});
    await component(
      "alpha-ic",
      '[data-status="InService"][data-current-copies="2"][data-desired-copies="2"]',
    ).waitFor();
    await component("beta-ic", '[data-status="InService"][data-current-copies="1"]').waitFor();

    const cells = await component("alpha-ic", "")
      .locator("td")
      .evaluateAll((tds) => tds.map((td) => td.textContent?.trim()));
    expect(cells).toEqual([
      "alpha-ic",
      "InService",
      "alpha",
      "2 / 2",
      "1 CPU · 1024 MB",
      "LEAST_OUTSTANDING_REQUESTS",
    ]);
    expect(await component("beta-ic", "").locator("td").nth(4).textContent()).toBe("512 MB");
    await card().locator(".stat", { hasText: "components" }).locator(".value", { hasText: "2" }).waitFor();
    await card().locator(".stat", { hasText: "copies" }).locator(".value", { hasText: "3" }).waitFor();

    // The page reads what /mme/status serves.
    const status = (await (await fetch(`${emulator.url}/mme/status`)).json()) as {
      endpoints: EndpointStatusView[];
    };
    const endpoint = status.endpoints.find((e) => e.endpointName === ENDPOINT)!;
    expect(endpoint.inferenceComponents?.map((c) => [c.componentName, c.currentCopies, c.modelName])).toEqual(
      [
        ["alpha-ic", 2, "alpha"],
        ["beta-ic", 1, "beta"],
      ],
    );
    expect(endpoint.inferenceComponents?.[0]).toMatchObject({
      compute: { cpus: 1, memoryMb: 1024 },
      routingStrategy: "LEAST_OUTSTANDING_REQUESTS",
      variantName: "AllTraffic",
    });

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "explorer-components.png"), fullPage: true });
  });

  it("follows a component scaled to 0 and back", async () => {
    await sagemaker.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: "beta-ic",
        DesiredRuntimeConfig: { CopyCount: 0 },
      }),
    );
    await component("beta-ic", '[data-current-copies="0"][data-desired-copies="0"]').waitFor();
    expect(await component("beta-ic", "").locator(".copies-count").textContent()).toBe("0 / 0");
    await card().locator(".stat", { hasText: "copies" }).locator(".value", { hasText: "2" }).waitFor();

    await sagemaker.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: "beta-ic",
        DesiredRuntimeConfig: { CopyCount: 1 },
      }),
    );
    // Updating while the copy starts, then in service with it.
    await component("beta-ic", '[data-status="InService"][data-current-copies="1"]').waitFor();
  });

  it("draws the copies /mme/status reports under their component", async () => {
    // The page's side alone: the state as served, with two copies of alpha-ic in it, and no live feed
    // to replace it (the plane's own copies are the next test's, once it reports them).
    const drawn = await context.newPage();
    await drawn.route("**/_mme/events", (route) => route.abort());
    await drawn.route("**/_mme/api/state", async (route) => {
      const state = (await (await route.fetch()).json()) as { endpoints: EndpointStatusView[] };
      const alpha = state.endpoints
        .find((e) => e.endpointName === ENDPOINT)!
        .inferenceComponents!.find((c) => c.componentName === "alpha-ic")!;
      alpha.copies = ["i-0a", "i-0b"].map((instanceId, i) => ({
        copyId: `alpha-ic-copy-${i}`,
        instanceId,
        inFlight: i,
        invocations: 10 + i,
        status: "InService",
      }));
      await route.fulfill({ json: state });
    });
    await drawn.goto(`${emulator.url}/_mme/`);
    const copies = drawn.locator(`[data-endpoint="${ENDPOINT}"] tr[data-copies-of="alpha-ic"] tr[data-copy]`);
    await copies.nth(1).waitFor();
    expect(
      await copies.evaluateAll((rows) =>
        rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent?.trim())),
      ),
    ).toEqual([
      ["alpha-ic-copy-0", "InService", "i-0a", "0", "10"],
      ["alpha-ic-copy-1", "InService", "i-0b", "1", "11"],
    ]);
    expect(
      await drawn
        .locator(`[data-endpoint="${ENDPOINT}"] .stat`, { hasText: "in flight" })
        .locator(".value")
        .textContent(),
    ).toBe("1");
    await drawn.close();
  });

  it("lists each copy under its component, with its instance", async () => {
    await card().locator('tr[data-copies-of="alpha-ic"] tr[data-copy]').nth(1).waitFor();
    expect(await card().locator('tr[data-copies-of="alpha-ic"] tr[data-copy]').count()).toBe(2);
    expect(await card().locator('tr[data-copies-of="beta-ic"] tr[data-copy]').count()).toBe(1);
  });
});
