// Seeded raw HTTP/1.1 requests for the port fuzz (fast-check arbitraries, sampled with a fixed seed):
// mostly InvokeEndpoint and control-plane calls close to valid, each with some of the mistakes real
// clients and attackers make, in the request line, the headers, the framing or the body.
import { gzipSync } from "node:zlib";
import fc from "fast-check";

export interface RawRequest {
  /** What was sent, for the failure message. */
  description: string;
  bytes: Buffer;
  /** The client hangs up after sending: no answer is expected. */
  hangUp: boolean;
  /** HEAD: the answer has no body. */
  head: boolean;
}

const ENDPOINT = "sagemaker-poc";
export const FUZZ_TARGET = "add_sub_onnx_v0.tar.gz";

const validRequest = JSON.stringify({
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [4, 3, 2, 1] },
  ],
});

const methodArb = fc.oneof(
  { weight: 14, arbitrary: fc.constant("POST") },
  { weight: 3, arbitrary: fc.constant("GET") },
  { weight: 2, arbitrary: fc.constantFrom("PUT", "DELETE", "HEAD", "OPTIONS", "PATCH") },
  { weight: 1, arbitrary: fc.constantFrom("FOO", "G\tET", "POST\u0000", "") },
);

const junkSegment = fc.string({ unit: "binary-ascii", maxLength: 12 }).map((s) => encodeURIComponent(s));
const pathArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`/endpoints/${ENDPOINT}/invocations`) },
  { weight: 2, arbitrary: fc.constant(`/endpoints/${ENDPOINT}/async-invocations`) },
  { weight: 3, arbitrary: fc.constant("/") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("/ping", "/metrics", "/mme/status", "*", "/endpoints//invocations"),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "/endpoints/%E9/invocations",
      "/endpoints/%/invocations",
      "/endpoints/%zz/invocations",
      `/endpoints/${ENDPOINT}/invocations?x=%zz&y`,
      `/endpoints/${"a".repeat(64)}/invocations`,
      "/endpoints/-bad-/invocations",
      `/endpoints/${ENDPOINT}/../../etc/passwd`,
      "/endpoints/a b/invocations",
    ),
  },
  { weight: 2, arbitrary: junkSegment.map((name) => `/endpoints/${name}/invocations`) },
  { weight: 1, arbitrary: fc.array(junkSegment, { maxLength: 4 }).map((parts) => `/${parts.join("/")}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => `/${"p".repeat(n)}`) },
);

const targetArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant(FUZZ_TARGET) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "missing_v0.tar.gz",
      "team/a.tar.gz",
      "../../etc/passwd",
      "a/../b.tar.gz",
      " lead.tar.gz",
      "",
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: 200, max: 1100 }).map((n) => `${"m".repeat(n)}.tar.gz`) },
  { weight: 1, arbitrary: fc.constantFrom("a\u0001b", "tab\there", "é.tar.gz", "\u00ff\u00fe") },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 30 }) },
);

const contentTypeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "application/octet-stream",
      "application/vnd.sagemaker-triton.binary+json;json-header-size=5",
      "application/vnd.sagemaker-triton.binary+json;json-header-size=99999999",
      "application/vnd.sagemaker-triton.binary+json;json-header-size=-1",
      "text/plain; charset=utf-16",
      "application/x-amz-json-1.1",
      ";;;",
    ),
  },
);

type Framing =
  | "length"
  | "chunked"
  | "bad-chunk"
  | "duplicate-length"
  | "length-and-chunked"
  | "declared-huge"
  | "cut"
  | "short-length";

const framingArb: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 20, arbitrary: fc.constant<Framing>("length") },
  { weight: 3, arbitrary: fc.constant<Framing>("chunked") },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Framing>(
      "bad-chunk",
      "duplicate-length",
      "length-and-chunked",
      "declared-huge",
      "cut",
      "short-length",
    ),
  },
);

const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 10, arbitrary: fc.constant(Buffer.from(validRequest)) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "null")) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 10, max: 20_000 })
      .map((depth) =>
        Buffer.from(
          `{"inputs":[{"name":"INPUT0","shape":[1],"datatype":"FP32","data":${"[".repeat(depth)}1${"]".repeat(depth)}}]}`,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 60_000 })
      .map((n) =>
        Buffer.from(
          `{"inputs":[{"name":"INPUT0","shape":[${n}],"datatype":"FP32","data":[${"[1],".repeat(n - 1)}[1]]}]}`,
        ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '{"inputs":[{"name":"INPUT0","shape":[4],"datatype":"FP32","data":[1,2]}]}',
        '{"inputs":[{"name":"INPUT0","shape":[-1],"datatype":"FP32","data":[]}]}',
        '{"inputs":[{"name":"INPUT0","shape":[4],"datatype":"INT64","data":[1e400,"x",null,{}]}]}',
        '{"inputs":[{"name":"INPUT0","shape":[4],"datatype":"FP32","parameters":{"binary_data_size":99999}}]}',
        '{"inputs":[], "x":[[],[],[],[],[],[],[],[],[]]}',
        '{"EndpointName":"sagemaker-poc"}',
        "",
      )
      .map((s) => Buffer.from(s)),
  },
);

const extraHeadersArb = fc.record(
  {
    target: targetArb,
    contentType: contentTypeArb,
    encoding: fc.constantFrom("gzip", "gzip-on-plain", "deflate", "br", "xyz", "gzip, gzip", "identity"),
    customAttributes: fc.oneof(fc.constant("trace=1"), fc.constant("é=1"), fc.constant("x".repeat(1100))),
    inferenceId: fc.oneof(fc.constant("id-1"), fc.constant(" lead"), fc.constant("x".repeat(70))),
    amzTarget: fc.constantFrom(
      "SageMaker.DescribeEndpoint",
      "SageMaker.ListEndpoints",
      "SageMaker.ListModels",
      "SageMaker.DescribeModel",
      "SageMaker.Nope",
      "Other_2020.Op",
      "",
    ),
    accept: fc.constantFrom("application/json", "*/*", "\u00e9"),
    expectContinue: fc.constant(true),
    authorization: fc.constantFrom(
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
        "0".repeat(64),
      "AWS4-HMAC-SHA256 Credential=x",
      "Basic dXNlcjpwYXNz",
      "AWS4-HMAC-SHA256",
    ),
    amzDate: fc.constantFrom("20260101T000000Z", "not-a-date", "99999999T999999Z"),
    pad: fc.integer({ min: 1, max: 20_000 }).map((n) => "x".repeat(n)),
  },
  { requiredKeys: [] },
);

/** An InvokeEndpoint as an SDK sends it, but for its target and body. */
const nearlyValidArb = fc
  .record({ target: targetArb, body: bodyArb, chunked: fc.boolean() })
  .map(({ target, body, chunked }) =>
    build(
      "POST",
      `/endpoints/${ENDPOINT}/invocations`,
      { target, contentType: "application/json" },
      chunked ? "chunked" : "length",
      body,
    ),
  );

const mutatedArb = fc
  .record({ method: methodArb, path: pathArb, headers: extraHeadersArb, framing: framingArb, body: bodyArb })
  .map(({ method, path, headers, framing, body }) => build(method, path, headers, framing, body));

type ExtraHeaders = typeof extraHeadersArb extends fc.Arbitrary<infer T> ? T : never;

export const rawRequestArb: fc.Arbitrary<RawRequest> = fc.oneof(
  { weight: 2, arbitrary: nearlyValidArb },
  { weight: 3, arbitrary: mutatedArb },
);

function build(
  method: string,
  path: string,
  h: Partial<ExtraHeaders>,
  framing: Framing,
  plainBody: Buffer,
): RawRequest {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1"];
  const add = (name: string, value: unknown) =>
    value !== undefined && lines.push(`${name}: ${String(value)}`);
  add("X-Amzn-SageMaker-Target-Model", h.target);
  add("Content-Type", h.contentType);
  add("X-Amzn-SageMaker-Custom-Attributes", h.customAttributes);
  add("X-Amzn-SageMaker-Inference-Id", h.inferenceId);
  add("X-Amz-Target", h.amzTarget);
  add("Accept", h.accept);
  add("Authorization", h.authorization);
  add("X-Amz-Date", h.amzDate);
  add("X-Pad", h.pad);
  if (h.expectContinue) add("Expect", "100-continue");
  let body = plainBody;
  if (h.encoding !== undefined) {
    add("Content-Encoding", h.encoding === "gzip-on-plain" ? "gzip" : h.encoding);
    if (h.encoding === "gzip") body = gzipSync(plainBody);
  }
  const hangUp = framing === "cut";
  if (!hangUp) lines.push("Connection: close");
  let payload: Buffer = body;
  switch (framing) {
    case "length":
    case "cut":
      add("Content-Length", body.length);
      if (hangUp) payload = body.subarray(0, Math.floor(body.length / 2));
      break;
    case "short-length":
      add("Content-Length", Math.max(0, body.length - 3));
      break;
    case "declared-huge":
      // Beyond every route's limit (6 MiB invocations, 10 MiB control plane): refused before the body.
      add("Content-Length", 20_000_000);
      break;
    case "duplicate-length":
      add("Content-Length", body.length);
      add("Content-Length", body.length + 1);
      break;
    case "length-and-chunked":
      add("Content-Length", body.length);
      add("Transfer-Encoding", "chunked");
      payload = chunked(body);
      break;
    case "chunked":
      add("Transfer-Encoding", "chunked");
      payload = chunked(body);
      break;
    case "bad-chunk":
      add("Transfer-Encoding", "chunked");
      payload = Buffer.concat([Buffer.from(`zz\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
      break;
  }
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  const description = `${method} ${path.slice(0, 80)} [${framing}] ${lines
    .slice(2)
    .map((l) => l.slice(0, 60))
    .join(" | ")} body ${body.length} B`;
  return { description, bytes: Buffer.concat([head, payload]), hangUp, head: method === "HEAD" };
}

function chunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < body.length; i += 1000) {
    const chunk = body.subarray(i, i + 1000);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
  }
  parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
}
