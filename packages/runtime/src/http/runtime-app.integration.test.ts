import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPool } from "../test-support/call-pool.js";
import {
  addSubRequest,
  type TempDir,
  tempDir,
  writeAddSubOnnx,
  writeKind,
} from "../test-support/fixtures.js";
import { type RuntimeProcess, startRuntimeProcess } from "../test-support/runtime-process.js";

let dir: TempDir;
let server: RuntimeProcess;
let pool: Pool;
let addSubDir: string;

const call = (
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) => callPool(pool, method, path, body, headers);

const load = (model_name: string, url: string) =>
  call("POST", "/models", JSON.stringify({ model_name, url }), { "content-type": "application/json" });
const invokeJson = (name: string, body: unknown) =>
  call("POST", `/models/${name}/invoke`, typeof body === "string" ? body : JSON.stringify(body), {
    "content-type": "application/json",
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

// The wire contract (statuses, bodies, naming) is sagemaker-contract.integration.test.ts; these are the
// runtime's own behaviours behind it: its memory limit, request validation, and concurrency.
describe("@mme/runtime behind the SageMaker front end", () => {
  it("loads a model folder by its hash name", async () => {
    expect((await load("add_sub_onnx", addSubDir)).status).toBe(200);
  });

  it("POST /models answers 507 when the model does not fit the memory limit", async () => {
    const reply = await load("resnet_too_big", await writeKind(dir.path, "resnet50"));
    expect(reply.status).toBe(507);
    expect(reply.json.error).toMatch(/not enough memory to load model 'resnet_too_big'/);
    expect((await call("GET", "/models/resnet_too_big")).status).toBe(404);
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
      "content-type": `application/vnd.sagemaker-triton.binary+json;json-header-size=${header.byteLength}`,
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatch(/INPUT0.*16 bytes.*12/);
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
});
