import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addSubRequest,
  type TempDir,
  type TestJson,
  tempDir,
  writeAddSubOnnx,
  writeKind,
} from "../test-support/fixtures.js";
import { type RuntimeProcess, startRuntimeProcess } from "../test-support/runtime-process.js";

let dir: TempDir;
let server: RuntimeProcess;
let pool: Pool;
let addSubDir: string;

async function call(
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: string | Uint8Array,
  headers = {},
) {
  const res = await pool.request({ method, path, body, headers });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: TestJson;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.statusCode, headers: res.headers, bytes, text, json };
}

const load = (model_name: string, url: string) =>
  call("POST", "/models", JSON.stringify({ model_name, url }), { "content-type": "application/json" });
const invokeJson = (name: string, body: unknown) =>
  call("POST", `/models/${name}/invoke`, typeof body === "string" ? body : JSON.stringify(body), {
    "content-type": "application/json",
    "x-amzn-sagemaker-target-model": `${name}.tar.gz`,
  });
const input = (name: string, shape: number[], datatype: string, data: unknown[]) => ({
  name,
  shape,
  datatype,
  data,
});

beforeAll(async () => {
  dir = await tempDir();
  addSubDir = await writeAddSubOnnx(dir.path);
  // The real entry point in its own process, as the container runs: `main.ts --port 0 --memory-limit-bytes`.
  server = await startRuntimeProcess(["--memory-limit-bytes", String(64 * 1024 * 1024)]);
  pool = new Pool(server.url, { connections: 32 });
});
afterAll(async () => {
  await pool.close();
  await server.stop();
  await dir.remove();
});

describe("MME container contract over HTTP", () => {
  it("GET /ping answers 200", async () => {
    expect((await call("GET", "/ping")).status).toBe(200);
  });

  it("POST /models loads (200), refuses a duplicate (409), and rejects bad requests (400)", async () => {
    expect((await load("add_sub_onnx", addSubDir)).status).toBe(200);
    const again = await load("add_sub_onnx", addSubDir);
    expect(again.status).toBe(409);
    expect(again.json.error).toBe("Model add_sub_onnx is already loaded");
    const missing = await load("nowhere", `${dir.path}/does-not-exist`);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/does not exist/);
    const malformed = await call("POST", "/models", "{not json", { "content-type": "application/json" });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatch(/malformed request body/);
    const incomplete = await call("POST", "/models", JSON.stringify({ model_name: "x" }));
    expect(incomplete.status).toBe(400);
    expect(incomplete.json.error).toMatch(/model_name.*url/);
  });

  it("POST /models answers 507 when the model does not fit the memory limit", async () => {
    const reply = await load("resnet_too_big", await writeKind(dir.path, "resnet50"));
    expect(reply.status).toBe(507);
    expect(reply.json.error).toMatch(/not enough memory to load model 'resnet_too_big'/);
    expect((await call("GET", "/models/resnet_too_big")).status).toBe(404);
  });

  it("GET /models lists loaded models, paginated", async () => {
    expect((await load("add_sub_b", addSubDir)).status).toBe(200);
    const first = await call("GET", "/models?max_results=1");
    expect(first.json).toEqual({
      models: [{ modelName: "add_sub_b", modelUrl: addSubDir }],
      nextPageToken: expect.any(String),
    });
    const second = await call("GET", `/models?max_results=1&next_page_token=${first.json.nextPageToken}`);
    expect(second.json).toEqual({ models: [{ modelName: "add_sub_onnx", modelUrl: addSubDir }] });
  });

  it("GET /models/{name} describes a loaded model (with its footprint) or answers 404", async () => {
    const found = await call("GET", "/models/add_sub_onnx");
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ modelName: "add_sub_onnx", modelUrl: addSubDir, state: "READY" });
    expect(found.json.memoryBytes).toBeGreaterThan(0);
    expect((await call("GET", "/models/nope")).status).toBe(404);
  });

  it("DELETE /models/{name} unloads (200), then 404", async () => {
    expect((await call("DELETE", "/models/add_sub_b")).status).toBe(200);
    expect((await call("DELETE", "/models/add_sub_b")).status).toBe(404);
    expect((await call("GET", "/models/add_sub_b")).status).toBe(404);
  });

  it("invoke answers KServe JSON with sum and difference, and 404 for a model not loaded", async () => {
    const reply = await call(
      "POST",
      "/models/add_sub_onnx/invoke",
      addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]),
      {
        "content-type": "application/json",
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/application\/json/);
    expect(reply.json.outputs).toEqual([
      { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
      { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
    ]);
    const notLoaded = await call("POST", "/models/ghost/invoke", addSubRequest([1, 2, 3, 4], [1, 1, 1, 1]));
    expect(notLoaded.status).toBe(404);
  });

  it.each([
    [
      "an unknown input",
      { inputs: [input("INPUT0", [4], "FP32", [1, 2, 3, 4]), input("INPUT9", [4], "FP32", [1, 2, 3, 4])] },
      /unexpected inference input 'INPUT9'/,
    ],
    ["a missing input", { inputs: [input("INPUT0", [4], "FP32", [1, 2, 3, 4])] }, /expects input 'INPUT1'/],
    [
      "a wrong datatype",
      { inputs: [input("INPUT0", [4], "INT32", [1, 2, 3, 4]), input("INPUT1", [4], "FP32", [1, 2, 3, 4])] },
      /'INPUT0' has datatype INT32, but model 'add_sub_onnx' expects FP32/,
    ],
    [
      "a wrong shape",
      { inputs: [input("INPUT0", [2, 2], "FP32", [1, 2, 3, 4]), input("INPUT1", [4], "FP32", [1, 2, 3, 4])] },
      /'INPUT0' has shape \[2,2\], but model 'add_sub_onnx' expects \[4\]/,
    ],
    [
      "data not matching its shape",
      { inputs: [input("INPUT0", [4], "FP32", [1, 2, 3]), input("INPUT1", [4], "FP32", [1, 2, 3, 4])] },
      /INPUT0/,
    ],
    [
      "an unknown output",
      {
        inputs: [input("INPUT0", [4], "FP32", [1, 2, 3, 4]), input("INPUT1", [4], "FP32", [1, 2, 3, 4])],
        outputs: [{ name: "OUTPUT7" }],
      },
      /unexpected inference output 'OUTPUT7'/,
    ],
    ["malformed JSON", '{"inputs": [', /JSON/i],
  ])("invoke with %s is a 400 naming the problem", async (_what, body, message) => {
    const reply = await invokeJson("add_sub_onnx", body);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(message);
  });

  it("invoke with a binary tensor of the wrong byte count is a 400", async () => {
    const header = new TextEncoder().encode(
      JSON.stringify({
        inputs: [
          { name: "INPUT0", shape: [4], datatype: "FP32", parameters: { binary_data_size: 12 } },
          { name: "INPUT1", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
        ],
      }),
    );
    const body = Buffer.concat([header, Buffer.alloc(28)]);
    const reply = await call("POST", "/models/add_sub_onnx/invoke", body, {
      "content-type": "application/octet-stream",
      "inference-header-content-length": String(header.byteLength),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/INPUT0.*16 bytes.*12/);
  });

  it("answers SageMaker's binary content type in kind", async () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const b = new Float32Array([0.5, 0.5, 0.5, 0.5]);
    const header = new TextEncoder().encode(
      JSON.stringify({
        inputs: [
          { name: "INPUT0", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
          { name: "INPUT1", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
        ],
        outputs: [{ name: "OUTPUT0", parameters: { binary_data: true } }],
      }),
    );
    const body = Buffer.concat([header, Buffer.from(a.buffer), Buffer.from(b.buffer)]);
    const reply = await call("POST", "/models/add_sub_onnx/invoke", body, {
      "content-type": `application/vnd.sagemaker-triton.binary+json;json-header-size=${header.byteLength}`,
    });
    expect(reply.status).toBe(200);
    const size = Number(/json-header-size=(\d+)/.exec(String(reply.headers["content-type"]))![1]);
    const json = JSON.parse(new TextDecoder().decode(reply.bytes.subarray(0, size)));
    expect(json.outputs).toEqual([
      { name: "OUTPUT0", datatype: "FP32", shape: [4], parameters: { binary_data_size: 16 } },
    ]);
    expect([...new Float32Array(reply.bytes.slice(size).buffer)]).toEqual([1.5, 2.5, 3.5, 4.5]);
  });

  it.each([
    ["ONNX", "add_sub_onnx"],
    ["Python", "add_sub"],
  ])("200 concurrent invokes on one %s model are all correct", async (_kind, name) => {
    if (name === "add_sub")
      expect((await load("add_sub", await writeKind(dir.path, "add_sub"))).status).toBe(200);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call("POST", `/models/${name}/invoke`, addSubRequest([i, i + 1, i + 2, i + 3], [1, 2, 3, 4]), {
          "content-type": "application/json",
        }),
      ),
    );
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200);
      expect(reply.json.outputs[0].data).toEqual([i + 1, i + 3, i + 5, i + 7]);
      expect(reply.json.outputs[1].data).toEqual([i - 1, i - 1, i - 1, i - 1]);
    });
  });

  it("unknown routes are a JSON 404", async () => {
    const reply = await call("GET", "/nothing-here");
    expect(reply.status).toBe(404);
    expect(reply.json.error).toMatch(/no route/);
  });
});
