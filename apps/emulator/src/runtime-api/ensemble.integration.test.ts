// An ensemble tarball (the ensemble folder beside its step folders, as Triton's SageMaker mode takes it)
// through the emulator with the AWS SDK, in both container modes: one load, the steps wired by
// input_map/output_map, one answer.
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { uploadAddSubEnsemble } from "../test-support/ensemble.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const PREFIX = "s3://mme-models/ensembles/";
const TARGET = "add_sub_ensemble_v0.tar.gz";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let emulator: TestEmulator;
  let client: SageMakerRuntimeClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    await uploadAddSubEnsemble(emulator.s3Client, "mme-models", `ensembles/${TARGET}`);
    await emulator.declareMultiModelEndpoint("ensembles", PREFIX);
    client = emulator.runtimeClient();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("loads the ensemble with its steps as one model and answers through both steps", async () => {
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: "ensembles",
        TargetModel: TARGET,
        ContentType: "application/json",
        Body: new TextEncoder().encode(
          JSON.stringify({
            inputs: [
              { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
              { name: "INPUT1", shape: [4], datatype: "FP32", data: [10, 20, 30, 40] },
            ],
          }),
        ),
      }),
    );
    expect(response.ContentType).toBe("application/json");
    const reply = JSON.parse(new TextDecoder().decode(response.Body));
    // add_sub_onnx → SUM, DIFF; the Python add_sub → SUM + DIFF = 2 × INPUT0, SUM − DIFF = 2 × INPUT1.
    expect(reply.outputs).toEqual([
      { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [2, 4, 6, 8] },
      { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [20, 40, 60, 80] },
    ]);
    expect((await endpointStatus(emulator.url, "ensembles")).loadedModels).toEqual([TARGET]);
    if (mode === "http") {
      // Triton's KServe answer names the model as the load's Target-Model header did.
      expect(reply.model_name).toBe(TARGET);
      expect(emulator.container.server!.runtime.isLoaded(TARGET)).toBe(true);
    }
  });
});
