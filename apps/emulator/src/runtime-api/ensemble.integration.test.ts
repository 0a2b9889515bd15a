// An ensemble tarball (the ensemble folder beside its step folders, as Triton's SageMaker mode takes it)
// through the emulator with the AWS SDK, in both container modes: one load, the steps wired by
// input_map/output_map, one answer.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { writeAddSubEnsemble } from "@mme/model-registry";
import { create as createTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const PREFIX = "s3://mme-models/ensembles/";
const TARGET = "add_sub_ensemble_v0.tar.gz";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let emulator: TestEmulator;
  let client: SageMakerRuntimeClient;
  let workDir: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-ensemble-"));
    const repository = await writeAddSubEnsemble(join(workDir, "repository"));
    const tarball = join(workDir, TARGET);
    // The archive's top level is the three model folders (no wrapping folder).
    await createTar({ gzip: true, file: tarball, cwd: repository, portable: true }, [
      "add_sub_ensemble",
      "add_sub_onnx",
      "add_sub",
    ]);
    await emulator.s3Client.send(
      new PutObjectCommand({
        Bucket: "mme-models",
        Key: `ensembles/${TARGET}`,
        Body: await readFile(tarball),
      }),
    );
    await emulator.declareMultiModelEndpoint("ensembles", PREFIX);
    client = emulator.runtimeClient();
  });
  afterAll(async () => {
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
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
