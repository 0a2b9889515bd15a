// Eviction at the emulator level, seen the way an operator sees it (/metrics, /mme/status): a bound of two
// loaded models, add_sub_onnx variants and a Python model that can be held mid-request.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { GATED_REQUEST, Gate, writeGatedPythonModel } from "../test-support/gated-python-model.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  const PREFIX = "s3://mme-models/evict/";
  const [A, B, C] = ["model_a_v0.tar.gz", "model_b_v0.tar.gz", "model_c_v0.tar.gz"];
  const LONG = "gated_v0.tar.gz";

  let emulator: TestEmulator;
  let client: SageMakerRuntimeClient;
  let gate: Gate;
  let workDir: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-evict-"));
    const models = join(workDir, "models");
    for (const [name, tarballName] of [
      ["model_a", A],
      ["model_b", B],
      ["model_c", C],
    ] as const) {
      await addModel(emulator.s3Client, {
        dir: await writeAddSubOnnx(models, name),
        tarballName,
        modelDataUrl: PREFIX,
      });
    }
    gate = await Gate.create(join(workDir, "gate"));
    await addModel(emulator.s3Client, {
      dir: await writeGatedPythonModel(models, "gated", gate),
      tarballName: LONG,
      modelDataUrl: PREFIX,
    });
    await emulator.declareMultiModelEndpoint("evict", PREFIX, { MME_MAX_LOADED_MODELS: "2" });
    await emulator.declareMultiModelEndpoint("evict-busy", PREFIX, {
      MME_MAX_LOADED_MODELS: "2",
      ...(await emulator.container.ownContainer()),
    });
    client = emulator.runtimeClient();
  });
  afterAll(async () => {
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function invoke(endpointName: string, targetModel: string, request: unknown = ADD_SUB_REQUEST) {
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: endpointName,
        TargetModel: targetModel,
        ContentType: "application/json",
        Body: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    return JSON.parse(new TextDecoder().decode(response.Body)) as {
      outputs: { name: string; data: number[] }[];
    };
  }

  async function loadedModels(endpointName: string): Promise<string[]> {
    return [...((await endpointStatus(emulator.url, endpointName)).loadedModels ?? [])].sort();
  }

  /** Reads per-model and per-endpoint series of one endpoint from a /metrics scrape. */
  function metricsOf(text: string, endpointName: string) {
    const endpoint = { EndpointName: endpointName, VariantName: "AllTraffic" };
    return {
      endpoint: (name: string) => sampleValue(text, name, endpoint),
      model: (name: string, targetModel: string) =>
        sampleValue(text, `mme_model_${name}`, { ...endpoint, TargetModel: targetModel }),
    };
  }

  describe("an endpoint with MME_MAX_LOADED_MODELS=2", () => {
    it("unloads the least recently used model and reloads it from disk without downloading", async () => {
      for (const target of [A, B, C, A]) {
        const reply = await invoke("evict", target);
        expect(reply.outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
      }
      const metrics = metricsOf(await scrapeMetrics(emulator.url), "evict");

      expect(metrics.endpoint("LoadedModelCount")).toBe(2);
      expect(await loadedModels("evict")).toEqual([A, C].sort());
      // C's load evicted A (least recent); A's reload evicted B.
      expect(metrics.model("ModelUnloadingTime_count", A)).toBe(1);
      expect(metrics.model("ModelUnloadingTime_count", B)).toBe(1);
      expect(metrics.model("ModelUnloadingTime_count", C)).toBe(0);
      expect(metrics.endpoint("ModelUnloadingTime_count")).toBe(2);
      // A was loaded twice but downloaded once: the reload came from the disk tier.
      expect(metrics.model("ModelLoadingTime_count", A)).toBe(2);
      expect(metrics.model("ModelDownloadingTime_count", A)).toBe(1);
      expect(metrics.endpoint("ModelDownloadingTime_count")).toBe(3);
      // Both of A's requests were cache misses (1/0 per request: sum = hits).
      expect(metrics.model("ModelCacheHit_count", A)).toBe(2);
      expect(metrics.model("ModelCacheHit_sum", A)).toBe(0);
      expect(metrics.model("ModelLoadingWaitTime_count", A)).toBe(2);
    });

    it("never evicts a model serving a long request; evicts it once it is idle", async () => {
      const long = invoke("evict-busy", LONG, GATED_REQUEST);
      await gate.started();
      // LRU order now: LONG (in flight), then B.
      await invoke("evict-busy", B);
      await invoke("evict-busy", C);

      let metrics = metricsOf(await scrapeMetrics(emulator.url), "evict-busy");
      expect(metrics.model("ModelUnloadingTime_count", B)).toBe(1);
      expect(metrics.model("ModelUnloadingTime_count", LONG)).toBe(0);
      expect(metrics.endpoint("LoadedModelCount")).toBe(2);
      expect(await loadedModels("evict-busy")).toEqual([C, LONG].sort());

      await gate.open();
      const reply = await long;
      expect(reply.outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([8, 2, 2, 2]);

      // Idle now and least recently used: B's return evicts it.
      await invoke("evict-busy", B);
      await vi.waitFor(async () => expect(await loadedModels("evict-busy")).toEqual([B, C].sort()));
      metrics = metricsOf(await scrapeMetrics(emulator.url), "evict-busy");
      expect(metrics.model("ModelUnloadingTime_count", LONG)).toBe(1);
      expect(metrics.model("ModelDownloadingTime_count", B)).toBe(1);
      expect(metrics.endpoint("LoadedModelCount")).toBe(2);
    });
  });
});
