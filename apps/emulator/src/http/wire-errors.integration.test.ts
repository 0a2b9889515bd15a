// Every byte on the port gets a SageMaker answer: what the client got wrong (in the HTTP framing, the
// URL, the encoding, the size) is a ValidationError 400 with x-amzn-ErrorType, a JSON message and a
// request id, never InternalFailure or Node's bare 400; a client that hangs up is not a server error.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { capturedLogger, LOG_LEVEL } from "../test-support/captured-logs.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx, writePythonModel } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { exchangeOnce, postHead, RawHttpConnection, type RawResponse } from "../test-support/raw-http.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const MODELS = "s3://mme-models/wire/";
const INVOCATIONS = "/endpoints/wire/invocations";
const TARGET = {
  "X-Amzn-SageMaker-Target-Model": "add_sub_onnx_v0.tar.gz",
  "Content-Type": "application/json",
};
const BODY = JSON.stringify(ADD_SUB_REQUEST);

let emulator: TestEmulator;
let workDir: string;
const logs = capturedLogger();

beforeAll(async () => {
  emulator = await startTestEmulator({}, { logger: logs.logger });
  workDir = await mkdtemp(join(tmpdir(), "mme-wire-"));
  await addModel(emulator.s3Client, {
    dir: await writeAddSubOnnx(workDir),
    tarballName: "add_sub_onnx_v0.tar.gz",
    modelDataUrl: MODELS,
  });
  await addModel(emulator.s3Client, {
    dir: await writePythonModel(workDir, "slow", { initializeSeconds: 2 }),
    tarballName: "slow_v0.tar.gz",
    modelDataUrl: MODELS,
  });
  await emulator.declareMultiModelEndpoint("wire", MODELS);
});

afterAll(async () => {
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** Sends raw bytes on a new connection and returns the first response once the server closes it. */
function exchange(bytes: string | Buffer): Promise<RawResponse> {
  return exchangeOnce(emulator.url, bytes);
}

function expectValidationError(response: RawResponse, message?: RegExp): void {
  expect(response.status).toBe(400);
  expect(response.headers["x-amzn-errortype"]).toBe("ValidationError");
  expect(response.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(response.body.toString("utf8")) as { message: string };
  expect(typeof body.message).toBe("string");
  if (message) expect(body.message).toMatch(message);
}

describe("client mistakes are ValidationError 400, not InternalFailure", () => {
  it("an unknown Content-Encoding", async () => {
    const head = postHead(INVOCATIONS, { ...TARGET, "Content-Encoding": "xyz", Connection: "close" }, 12);
    expectValidationError(await exchange(`${head}{"inputs":1}`), /Content-Encoding "xyz" is not supported/);
  });

  it("gzip declared on a plain body", async () => {
    const head = postHead(INVOCATIONS, { ...TARGET, "Content-Encoding": "gzip", Connection: "close" }, 12);
    expectValidationError(await exchange(`${head}{"inputs":1}`), /not valid gzip data/);
  });

  it("a gzip body is decoded and served", async () => {
    const gzipped = gzipSync(BODY);
    const head = postHead(
      INVOCATIONS,
      { ...TARGET, "Content-Encoding": "gzip", Connection: "close" },
      gzipped.length,
    );
    const response = await exchange(Buffer.concat([Buffer.from(head), gzipped]));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString("utf8")).outputs[0].data).toEqual([11, 22, 33, 44]);
  });

  it("a malformed percent-escape in the endpoint name", async () => {
    const head = postHead("/endpoints/%E9/invocations", { ...TARGET, Connection: "close" }, 2);
    expectValidationError(await exchange(`${head}{}`));
  });
});

describe("what Node's HTTP parser refuses gets SageMaker's shape", () => {
  it("a control character in a header value (boto3 sends a TargetModel as given)", async () => {
    const head = postHead(INVOCATIONS, { "X-Amzn-SageMaker-Target-Model": "a\x01b.tar.gz" }, 2);
    expectValidationError(await exchange(`${head}{}`), /invalid character/);
  });

  it("bad chunking", async () => {
    const head = `POST ${INVOCATIONS} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`;
    expectValidationError(await exchange(`${head}zz\r\nhello\r\n0\r\n\r\n`), /chunked body is malformed/);
  });

  it("a duplicate Content-Length", async () => {
    const head = `POST ${INVOCATIONS} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n`;
    expectValidationError(await exchange(`${head}{}`));
  });

  it("headers over the limit", async () => {
    const head = postHead(INVOCATIONS, { "X-Big": "a".repeat(20_000) }, 2);
    expectValidationError(await exchange(`${head}{}`), /headers are larger/);
  });
});

it("refuses a declared Content-Length over 6 MiB at once, before the body is sent", async () => {
  const connection = await RawHttpConnection.open(emulator.url);
  try {
    // Only the head is sent: the answer can come only if the server does not wait for 7 MB.
    await connection.write(postHead(INVOCATIONS, TARGET, 7_000_000));
    const [response] = await connection.responsesUntilClosed();
    expectValidationError(response!, /Member must have length less than or equal to 6291456/);
    expect(response!.headers.connection).toBe("close");
  } finally {
    connection.destroy();
  }
});

it("with Expect: 100-continue, an oversized declared body gets the refusal and no 100 Continue", async () => {
  const connection = await RawHttpConnection.open(emulator.url);
  try {
    await connection.write(postHead(INVOCATIONS, { ...TARGET, Expect: "100-continue" }, 7_000_000));
    const responses = await connection.responsesUntilClosed();
    expect(responses.map((r) => r.status)).toEqual([400]);
    expectValidationError(responses[0]!, /Member must have length less than or equal to 6291456/);
  } finally {
    connection.destroy();
  }
});

it("a mid-body hang-up is logged at info, as a hang-up, and never as an error", async () => {
  const before = logs.lines.length;
  const connection = await RawHttpConnection.open(emulator.url);
  await connection.write(`${postHead(INVOCATIONS, TARGET, 1000)}{"inputs":`);
  connection.destroy();
  await vi.waitFor(() => expect(logs.lines.slice(before).some((l) => l.msg === "client hung up")).toBe(true));
  const line = logs.lines.slice(before).find((l) => l.msg === "client hung up")!;
  expect(line.level).toBe(LOG_LEVEL.info);
  expect(logs.lines.some((l) => l.level >= LOG_LEVEL.error)).toBe(false);
});

it("a client hanging up during a cold load counts as a hang-up, not Invocation5XXErrors", async () => {
  const connection = await RawHttpConnection.open(emulator.url);
  const head = postHead(
    INVOCATIONS,
    { ...TARGET, "X-Amzn-SageMaker-Target-Model": "slow_v0.tar.gz" },
    BODY.length,
  );
  await connection.write(head + BODY);
  await vi.waitFor(async () => expect((await endpointStatus(emulator.url, "wire")).inFlight).toBe(1), {
    timeout: 10_000,
    interval: 25,
  });
  connection.destroy();
  const labels = { EndpointName: "wire", VariantName: "AllTraffic" };
  await vi.waitFor(
    async () =>
      expect(sampleValue(await scrapeMetrics(emulator.url), "mme_InvocationsClientHungUp", labels)).toBe(1),
    { timeout: 10_000, interval: 50 },
  );
  const metrics = await scrapeMetrics(emulator.url);
  expect(sampleValue(metrics, "Invocation5XXErrors", labels)).toBe(0);
  expect(logs.lines.some((l) => l.level >= LOG_LEVEL.error)).toBe(false);
  // The load went on: the next caller gets the model.
  const answer = await emulator.runtimeClient().send(
    new InvokeEndpointCommand({
      EndpointName: "wire",
      TargetModel: "slow_v0.tar.gz",
      ContentType: "application/json",
      Body: new TextEncoder().encode(BODY),
    }),
  );
  expect(answer.$metadata.httpStatusCode).toBe(200);
});

it.each([241, 300, 1024])(
  "a TargetModel with a %i-character segment is SageMaker's download ValidationError, not 503",
  async (length) => {
    const target = `${"m".repeat(length - 7)}.tar.gz`;
    const failure = await emulator
      .runtimeClient()
      .send(
        new InvokeEndpointCommand({
          EndpointName: "wire",
          TargetModel: target,
          ContentType: "application/json",
          Body: new TextEncoder().encode(BODY),
        }),
      )
      .catch((error: { name: string; message: string; $metadata: { httpStatusCode: number } }) => error);
    expect(failure).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
    expect((failure as Error).message).toBe(
      `Failed to download model data(bucket: mme-models, key: wire/${target}). Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the model.`,
    );
  },
);
