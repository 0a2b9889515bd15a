// Shutdown while requests are in flight: they complete; a request that arrives during the drain (here
// pipelined on a busy connection, the only way one still reaches a closing server) gets ServiceUnavailable.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { afterAll, expect, it, vi } from "vitest";
import { GATED_REQUEST, Gate, writeGatedPythonModel } from "../test-support/gated-python-model.js";
import { postHead, RawHttpConnection } from "../test-support/raw-http.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator } from "../test-support/test-emulator.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const INVOCATIONS = "/endpoints/drain/invocations";
const jsonHeaders = {
  "Content-Type": "application/json",
  "X-Amzn-SageMaker-Target-Model": "gated_v0.tar.gz",
};

it("completes in-flight requests and answers one arriving mid-drain with ServiceUnavailable 503", async () => {
  const emulator = await startTestEmulator();
  cleanup.push(() => emulator.stop());
  const workDir = await mkdtemp(join(tmpdir(), "mme-drain-"));
  cleanup.push(() => rm(workDir, { recursive: true, force: true }));
  const gate = await Gate.create(join(workDir, "gate"));
  await addModel(emulator.s3Client, {
    dir: await writeGatedPythonModel(join(workDir, "models"), "gated", gate),
    tarballName: "gated_v0.tar.gz",
    modelDataUrl: "s3://mme-models/drain/",
  });
  await emulator.declareMultiModelEndpoint("drain", "s3://mme-models/drain/");
  const client = emulator.runtimeClient();

  // Two requests in flight: one from the SDK, one on a raw connection that will pipeline a third.
  const body = JSON.stringify(GATED_REQUEST);
  const sdkCall = client.send(
    new InvokeEndpointCommand({
      EndpointName: "drain",
      TargetModel: "gated_v0.tar.gz",
      ContentType: "application/json",
      Body: new TextEncoder().encode(body),
    }),
  );
  const raw = await RawHttpConnection.open(emulator.url);
  cleanup.push(() => raw.destroy());
  await raw.write(postHead(INVOCATIONS, jsonHeaders, Buffer.byteLength(body)) + body);
  await gate.started();
  await vi.waitFor(
    async () => {
      expect((await endpointStatus(emulator.url, "drain")).inFlight).toBe(2);
    },
    { timeout: 10_000, interval: 50 },
  );

  const late = postHead(INVOCATIONS, jsonHeaders, Buffer.byteLength(body)) + body;
  const cut = late.indexOf("\r\n") + 2;
  await raw.write(late.slice(0, cut));
  const closing = emulator.close();
  await raw.write(late.slice(cut));
  await gate.open();

  const sdkResponse = await sdkCall;
  const sdkOutputs = JSON.parse(new TextDecoder().decode(sdkResponse.Body)).outputs;
  expect(sdkOutputs.find((o: { name: string }) => o.name === "OUTPUT0").data).toEqual([8, 2, 2, 2]);

  const [inFlight, arrivedLate, ...rest] = await raw.responsesUntilClosed();
  expect(rest).toEqual([]);
  expect(inFlight?.status).toBe(200);
  expect(JSON.parse(inFlight!.body.toString()).outputs).toHaveLength(2);
  expect(arrivedLate?.status).toBe(503);
  expect(arrivedLate?.headers["x-amzn-errortype"]).toBe("ServiceUnavailable");
  expect(arrivedLate?.headers["x-amzn-requestid"]).toBeTruthy();
  expect(JSON.parse(arrivedLate!.body.toString())).toEqual({ message: "The emulator is shutting down." });

  await closing;
  await expect(fetch(`${emulator.url}/ping`)).rejects.toThrow();
});
