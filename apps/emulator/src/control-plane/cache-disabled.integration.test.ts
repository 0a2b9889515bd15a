// ModelCacheSetting: Disabled set through CreateModel's MultiModelConfig (the AWS SDK's SageMakerClient):
// each invocation is served, then the model is unloaded and its files deleted; the next call downloads again.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel, LOCAL_PROFILE } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  const TARGET = "add_sub_onnx_v0.tar.gz";
  let emulator: TestEmulator;
  let control: SageMakerClient;
  let runtime: SageMakerRuntimeClient;
  let workDir: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-cache-disabled-"));
    await addModel(emulator.s3Client, {
      dir: await writeAddSubOnnx(workDir),
      tarballName: TARGET,
      modelDataUrl: "s3://mme-models/nocache/",
    });
    const clientConfig = { endpoint: emulator.url, region: "us-east-1", credentials: TEST_CREDENTIALS };
    control = new SageMakerClient(clientConfig);
    runtime = new SageMakerRuntimeClient({ ...clientConfig, maxAttempts: 1 });
    await control.send(
      new CreateModelCommand({
        ModelName: "nocache-model",
        ExecutionRoleArn: LOCAL_PROFILE.role,
        PrimaryContainer: {
          Image: LOCAL_PROFILE.imageUri,
          Mode: "MultiModel",
          ModelDataUrl: "s3://mme-models/nocache/",
          MultiModelConfig: { ModelCacheSetting: "Disabled" },
        },
      }),
    );
    await control.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "nocache-config",
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: "nocache-model", InitialInstanceCount: 1 },
        ],
      }),
    );
    await control.send(
      new CreateEndpointCommand({ EndpointName: "nocache", EndpointConfigName: "nocache-config" }),
    );
    await waitUntilEndpointInService(
      { client: control, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { EndpointName: "nocache" },
    );
  });
  afterAll(async () => {
    control?.destroy();
    runtime?.destroy();
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("unloads and deletes the model after each invocation, so the next one downloads again", async () => {
    const labels = { EndpointName: "nocache", VariantName: "AllTraffic", TargetModel: TARGET };
    for (let call = 1; call <= 2; call++) {
      const response = await runtime.send(
        new InvokeEndpointCommand({
          EndpointName: "nocache",
          TargetModel: TARGET,
          ContentType: "application/json",
          Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
        }),
      );
      const outputs = JSON.parse(new TextDecoder().decode(response.Body)).outputs;
      expect(outputs.find((o: { name: string }) => o.name === "OUTPUT0").data).toEqual([11, 22, 33, 44]);

      await vi.waitFor(
        async () => {
          const status = await endpointStatus(emulator.url, "nocache");
          expect(status.cacheSetting).toBe("Disabled");
          expect(status.loadedModels).toEqual([]);
          expect(status.diskEntries).toEqual([]);
          expect(status.bytes?.disk.used).toBe(0);
        },
        { timeout: 10_000, interval: 50 },
      );
      const text = await scrapeMetrics(emulator.url);
      expect(sampleValue(text, "mme_model_ModelDownloadingTime_count", labels)).toBe(call);
      expect(sampleValue(text, "mme_model_ModelUnloadingTime_count", labels)).toBe(call);
      expect(sampleValue(text, "LoadedModelCount", { EndpointName: "nocache" })).toBe(0);
    }
    // Nothing extracted is left in the endpoint's disk tier.
    const endpointDir = join(emulator.dataDir, "models", "nocache");
    expect(await readdir(endpointDir).catch(() => [])).toEqual([]);
    // Every request was a miss.
    const text = await scrapeMetrics(emulator.url);
    expect(sampleValue(text, "mme_model_ModelCacheHit_count", labels)).toBe(2);
    expect(sampleValue(text, "mme_model_ModelCacheHit_sum", labels)).toBe(0);
  });
});
