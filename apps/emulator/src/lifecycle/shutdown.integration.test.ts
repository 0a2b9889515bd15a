// Shutdown while a model is loading: the request in flight is answered, then everything stops.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addModel } from "@mme/core";
import { afterAll, expect, it, vi } from "vitest";
import { declareEndpoint } from "../control-plane/declare-endpoint.js";
import { ADD_SUB_REQUEST, writePythonModel } from "../test-support/models.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator } from "../test-support/test-emulator.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it("drains a request waiting on a load, unloads, and stops S3 and the server", async () => {
  const emulator = await startTestEmulator();
  dirs.push(emulator.dataDir);
  const modelsDir = await mkdtemp(join(tmpdir(), "mme-shutdown-models-"));
  dirs.push(modelsDir);
  await addModel(emulator.s3Client, {
    dir: await writePythonModel(modelsDir, "slow", { initializeSeconds: 1.5 }),
    tarballName: "slow_v0.tar.gz",
    modelDataUrl: "s3://mme-models/shutdown/",
  });
  await declareEndpoint(emulator.plane, {
    EndpointName: "shutdown",
    ModelDataUrl: "s3://mme-models/shutdown/",
    Mode: "MultiModel",
    ModelCacheSetting: "Enabled",
    VariantName: "AllTraffic",
    Environment: {},
  });

  const inFlight = fetch(`${emulator.url}/endpoints/shutdown/invocations`, {
    method: "POST",
    headers: { "X-Amzn-SageMaker-Target-Model": "slow_v0.tar.gz", "Content-Type": "application/json" },
    body: JSON.stringify(ADD_SUB_REQUEST),
  });
  // The request is waiting on the load once the model is on disk (its initialize() takes 1.5 s).
  await vi.waitFor(
    async () =>
      expect((await endpointStatus(emulator.url, "shutdown")).diskEntries).toContain("slow_v0.tar.gz"),
    { timeout: 30_000, interval: 25 },
  );
  emulator.s3Client.destroy();
  await emulator.close();

  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(((await response.json()) as { outputs: unknown[] }).outputs).toHaveLength(2);
  expect(emulator.plane.endpoints.size).toBe(0);
  await expect(fetch(`${emulator.url}/ping`)).rejects.toThrow();
  await expect(fetch(`${emulator.s3Url}/mme-models`)).rejects.toThrow();
});
