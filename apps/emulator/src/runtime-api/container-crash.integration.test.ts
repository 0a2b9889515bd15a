// A model worker killed mid-request: the client gets ModelError 424 at once (no hang) naming the crash,
// and the next request is served (the runtime restarts the worker), in both container modes.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InvokeEndpointCommand,
  ModelError,
  type SageMakerRuntimeClient,
} from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { GATED_REQUEST, Gate, writeGatedPythonModel } from "../test-support/gated-python-model.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";
import { pythonWorkerPids } from "../test-support/python-workers.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let emulator: TestEmulator;
  let client: SageMakerRuntimeClient;
  let gate: Gate;
  let workDir: string;
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-crash-"));
    gate = await Gate.create(join(workDir, "gate"));
    await addModel(emulator.s3Client, {
      dir: await writeGatedPythonModel(join(workDir, "models"), "gated", gate),
      tarballName: "gated_v0.tar.gz",
      modelDataUrl: "s3://mme-models/crash/",
    });
    await emulator.declareMultiModelEndpoint("crash", "s3://mme-models/crash/");
    client = emulator.runtimeClient();
  });
  afterAll(async () => {
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const invoke = (body: unknown) =>
    client.send(
      new InvokeEndpointCommand({
        EndpointName: "crash",
        TargetModel: "gated_v0.tar.gz",
        ContentType: "application/json",
        Body: json(body),
      }),
    );

  it("answers ModelError 424 naming the crash when the worker is SIGKILLed mid-request, then serves again", async () => {
    const inFlight = invoke(GATED_REQUEST).catch((e: unknown) => e);
    const reportedPid = await gate.started();
    // The worker is found the way an operator would: a child of the emulator running the worker script.
    expect(pythonWorkerPids()).toContain(reportedPid);
    process.kill(reportedPid, "SIGKILL");

    const error = (await inFlight) as ModelError;
    expect(error).toBeInstanceOf(ModelError);
    expect(error.$metadata.httpStatusCode).toBe(424);
    // In-process the runtime's 500; over HTTP Triton's front end answers every inference error 400.
    const status = mode === "http" ? 400 : 500;
    expect(error.OriginalStatusCode).toBe(status);
    expect(error.OriginalMessage).toContain("killed by SIGKILL");
    expect(error.OriginalMessage).toContain("the request did not complete");
    expect(error.message).toContain(
      `Received ${mode === "http" ? "client" : "server"} error (${status}) from primary`,
    );

    const response = await invoke(ADD_SUB_REQUEST);
    const outputs = JSON.parse(new TextDecoder().decode(response.Body)).outputs as {
      name: string;
      data: number[];
    }[];
    expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
    // Served by a fresh worker: the killed one is gone from the process table.
    expect(pythonWorkerPids()).not.toContain(reportedPid);
    expect(pythonWorkerPids().length).toBeGreaterThan(0);

    const text = await (await fetch(`${emulator.url}/metrics`)).text();
    expect(text).toMatch(/^InvocationModelErrors\{EndpointName="crash",VariantName="AllTraffic"\} 1$/m);
  });
});
