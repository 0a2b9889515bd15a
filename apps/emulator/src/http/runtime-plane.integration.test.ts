// The runtime plane answers in front of Express (runtime-plane.ts): what reaches it and what it passes on
// must be what the Express routes matched before, as a raw HTTP client sees it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addModel } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { exchangeOnce, postHead, type RawResponse } from "../test-support/raw-http.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const MODELS = "s3://mme-models/plane/";
const TARGET = {
  "X-Amzn-SageMaker-Target-Model": "add_sub_onnx_v0.tar.gz",
  "Content-Type": "application/json",
  Connection: "close",
};
const BODY = JSON.stringify(ADD_SUB_REQUEST);

let emulator: TestEmulator;
let workDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-plane-"));
  await addModel(emulator.s3Client, {
    dir: await writeAddSubOnnx(workDir),
    tarballName: "add_sub_onnx_v0.tar.gz",
    modelDataUrl: MODELS,
  });
  await emulator.declareMultiModelEndpoint("plane", MODELS);
});

afterAll(async () => {
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

const exchange = (bytes: string) => exchangeOnce(emulator.url, bytes);

const json = (response: RawResponse) => JSON.parse(response.body.toString("utf8"));

describe("InvokeEndpoint on the runtime plane", () => {
  it("matches the path as Express's router did: any case, a trailing slash, a query string", async () => {
    const response = await exchange(
      `${postHead("/Endpoints/plane/INVOCATIONS/?x=1", TARGET, BODY.length)}${BODY}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers["x-amzn-invoked-production-variant"]).toBe("AllTraffic");
    expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(json(response).outputs[0].data).toEqual([11, 22, 33, 44]);
  });

  it("refuses a malformed percent-escape in the name with the router's 400, before reading the body", async () => {
    const response = await exchange(postHead("/endpoints/%E9/invocations", TARGET, 1000));
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("ValidationError");
    expect(response.headers.connection).toBe("close");
    expect(json(response)).toEqual({ message: "Failed to decode param '%E9'" });
  });

  it("gives other methods on the invocation path the same 400 for a malformed name, else no route", async () => {
    const malformed = await exchange(
      "GET /endpoints/%E9/invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(malformed.status).toBe(400);
    expect(json(malformed)).toEqual({ message: "Failed to decode param '%E9'" });
    const wellFormed = await exchange(
      "GET /endpoints/plane/invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    expect(wellFormed.status).toBe(404);
    expect(wellFormed.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
  });
});

describe("what the runtime plane passes on to Express", () => {
  it("answers GET and HEAD /ping alike", async () => {
    for (const method of ["GET", "HEAD"]) {
      const response = await exchange(`${method} /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("still serves the control plane and /mme/status on the same port", async () => {
    const body = "{}";
    const listed = await exchange(
      `${postHead("/", { "X-Amz-Target": "SageMaker.ListEndpoints", "Content-Type": "application/x-amz-json-1.1", Connection: "close" }, body.length)}${body}`,
    );
    expect(listed.status).toBe(200);
    expect(json(listed).Endpoints.map((e: { EndpointName: string }) => e.EndpointName)).toContain("plane");
    const status = await exchange("GET /mme/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(status.status).toBe(200);
  });
});
