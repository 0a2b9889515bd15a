// One emulator with the test models uploaded and three endpoints: a multi-model one, one with a
// short wait budget (ModelNotReadyException), and a single-model one.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, type InvokeEndpointCommandOutput } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { declareEndpoint } from "../control-plane/declare-endpoint.js";
import type { ContainerMode } from "./container-modes.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx, writePythonModel } from "./models.js";
import { startTestEmulator, type TestEmulator } from "./test-emulator.js";

export const MODELS_URL = "s3://mme-models/rt/";

export interface RuntimeFixture {
  emulator: TestEmulator;
  /** InvokeEndpoint with the add_sub request through the SDK (endpoint "rt" unless named). */
  invokeAddSub(targetModel: string, endpointName?: string): Promise<InvokeEndpointCommandOutput>;
  close(): Promise<void>;
}

export async function startRuntimeFixture(mode: ContainerMode = "in-process"): Promise<RuntimeFixture> {
  const emulator = await startTestEmulator({}, {}, mode);
  const modelsDir = await mkdtemp(join(tmpdir(), "mme-test-models-"));
  const upload = async (dir: string, tarballName: string) =>
    addModel(emulator.s3Client, { dir, tarballName, modelDataUrl: MODELS_URL });
  await upload(await writeAddSubOnnx(modelsDir), "add_sub_onnx_v0.tar.gz");
  // The single-model endpoint's own copy: Triton names a model after its TargetModel (a single-model
  // endpoint's is the key's file name), and endpoints sharing one container cannot both load one name.
  await upload(await writeAddSubOnnx(modelsDir), "add_sub_onnx_single_v0.tar.gz");
  await upload(
    await writePythonModel(modelsDir, "raising", { raises: "boom from the model" }),
    "raising_v0.tar.gz",
  );
  await upload(await writePythonModel(modelsDir, "slow", { initializeSeconds: 3 }), "slow_v0.tar.gz");
  const base = {
    Mode: "MultiModel" as const,
    ModelCacheSetting: "Enabled" as const,
    VariantName: "AllTraffic",
  };
  await declareEndpoint(emulator.plane, {
    ...base,
    EndpointName: "rt",
    ModelDataUrl: MODELS_URL,
    Environment: {},
  });
  await declareEndpoint(emulator.plane, {
    ...base,
    EndpointName: "rt-short-wait",
    ModelDataUrl: MODELS_URL,
    Environment: { MME_WAIT_BUDGET_MS: "300" },
  });
  await declareEndpoint(emulator.plane, {
    ...base,
    Mode: "SingleModel",
    EndpointName: "rt-single",
    ModelDataUrl: `${MODELS_URL}add_sub_onnx_single_v0.tar.gz`,
    Environment: {},
  });
  const runtime = emulator.runtimeClient();
  return {
    emulator,
    invokeAddSub: (TargetModel, EndpointName = "rt") =>
      runtime.send(
        new InvokeEndpointCommand({
          EndpointName,
          TargetModel,
          ContentType: "application/json",
          Body: JSON.stringify(ADD_SUB_REQUEST),
        }),
      ),
    close: async () => {
      await emulator.stop();
      await rm(modelsDir, { recursive: true, force: true });
    },
  };
}
