// After its ready line the emulator runs a private model's cold path until V8 has compiled it (main.ts,
// @mme/platform's warmColdPath), as `pnpm start` runs it. Users see the one line that says so and nothing
// else: no model, series or log of it, no folder left; a stop while it runs is an ordinary stop.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, expect, it } from "vitest";
import { startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mme-warm-up-"));
  dirs.push(dir);
  return dir;
}

it("warms the cold path after the ready line, leaving no trace but its line", async () => {
  const dir = await dataDir();
  const emulator = await startEmulatorProcess(["--data-dir", dir]);
  try {
    const [, loads] = await emulator.waitForLine(
      /mme emulator: cold path warmed \((\d+) model loads, \d+ ms\)/,
    );
    expect(Number(loads)).toBe(16);
    expect(existsSync(join(dir, "warm-up"))).toBe(false);

    const client = new SageMakerRuntimeClient({
      endpoint: emulator.url,
      region: LOCAL_PROFILE.region,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    const answer = await client.send(
      new InvokeEndpointCommand({
        EndpointName: LOCAL_PROFILE.endpointName,
        TargetModel: "add_sub_v0.tar.gz",
        ContentType: "application/json",
        Body: JSON.stringify(ADD_SUB_REQUEST),
      }),
    );
    expect(answer.$metadata.httpStatusCode).toBe(200);
    client.destroy();

    for (const path of ["/metrics", "/mme/status", "/_mme/api/state"]) {
      const text = await fetch(`${emulator.url}${path}`).then((r) => r.text());
      expect(text, path).not.toContain("mme_warm_up");
    }
    expect((await fetch(`${emulator.url}/metrics`).then((r) => r.text())).includes("add_sub_v0.tar.gz")).toBe(
      true,
    );
  } finally {
    expect(await emulator.stop()).toBe(0);
  }
  expect(existsSync(join(dir, "warm-up"))).toBe(false);
});

it("stops cleanly when told to while it warms, leaving no folder", async () => {
  const dir = await dataDir();
  const emulator = await startEmulatorProcess(["--data-dir", dir, "--no-seed"]);
  expect(await emulator.stop()).toBe(0);
  expect(existsSync(join(dir, "warm-up"))).toBe(false);
  expect(emulator.output()).not.toMatch(/Error|unhandled/i);
});
