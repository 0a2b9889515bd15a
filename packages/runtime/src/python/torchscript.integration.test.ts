// TorchScript models on the embedded runtime, against torch itself: runs where an interpreter imports
// torch (CI installs it); elsewhere only the "no torch anywhere" contract is checked.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ensureTritonServePt, TRITON_SERVE_PT_DIR, TRITON_SERVE_PT_MODEL_FILE } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedRuntime } from "../embedded-runtime.js";
import {
  addSubRequest,
  binaryImageRequest,
  binaryResponse,
  imageBatch,
  JSON_HEADERS,
  outputData,
  parseJson,
  quietRuntimeOptions,
  type TempDir,
  tempDir,
  writeConfigOnly,
} from "../test-support/fixtures.js";
import { runTorchPython, torchHiddenPath, torchPython } from "../test-support/torch.js";
import type { PythonBackend } from "./python-backend.js";
import { describeInterpreters, formatInterpreterReport } from "./python-interpreter.js";

const IMAGE_CONFIG = (name: string, extra = "") =>
  `name: "${name}"\nplatform: "pytorch_libtorch"\nmax_batch_size: 8\ninput [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] } ]\noutput [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 1000 ] } ]\n${extra}`;

/** Runs model.pt on the raw FP32 batch in `input` with torch directly; writes the raw FP32 output. */
const REFERENCE = `
import sys, numpy as np, torch
torch.set_num_threads(2)
model = torch.jit.load(sys.argv[1]).eval()
x = torch.from_numpy(np.fromfile(sys.argv[2], dtype=np.float32).reshape(int(sys.argv[4]), 3, 224, 224))
with torch.inference_mode():
    model(x).numpy().astype(np.float32).tofile(sys.argv[3])
`;

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.remove();
});

describe("TorchScript and torch-importing Python models where no interpreter has torch", () => {
  it("the start-up report says no interpreter imports torch, and the line that adds it", async () => {
    const env = { ...process.env, PYTHONPATH: await torchHiddenPath(dir.path), MME_PYTHON: "" };
    const report = await describeInterpreters(env);
    expect(report.torch).toBeUndefined();
    expect(report.numpy?.version).toMatch(/^\d+\./);
    expect(formatInterpreterReport(report)).toEqual([
      `Python-backend models: ${report.numpy!.executable} (numpy ${report.numpy!.version})`,
      "TorchScript and torch-importing Python models: none: no interpreter imports torch (tried python3, /usr/bin/python3); add it with: sudo apt-get install python3-torch python3-torchvision",
    ]);
  });

  it("a TorchScript load is a 400 naming torch and the one-line install", async () => {
    const runtime = new EmbeddedRuntime(
      quietRuntimeOptions({ env: { ...process.env, PYTHONPATH: await torchHiddenPath(dir.path) } }),
    );
    const model = await writeConfigOnly(dir.path, "no_torch_pt", IMAGE_CONFIG("no_torch_pt"), {
      "1/model.pt": "not read: no interpreter gets that far",
    });
    const reply = await runtime.load("no_torch_pt", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toBe(
      `model 'no_torch_pt' needs PyTorch (platform "pytorch_libtorch"), but no Python interpreter here imports torch (tried python3, /usr/bin/python3); install it with: sudo apt-get install python3-torch python3-torchvision (or set MME_PYTHON to an interpreter that has torch)`,
    );
    await runtime.close();
  });

  it("a Python model that imports torch fails the same way; one that does not still loads", async () => {
    const env = { ...process.env, PYTHONPATH: await torchHiddenPath(dir.path) };
    const runtime = new EmbeddedRuntime(quietRuntimeOptions({ env }));
    const torchModel = join(dirname(TRITON_SERVE_PT_DIR), "add_sub_torch");
    const reply = await runtime.load("add_sub_torch", torchModel);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /^model 'add_sub_torch' needs PyTorch \(its model\.py imports torch\), but no Python interpreter here imports torch .*install it with: sudo apt-get install python3-torch python3-torchvision/,
    );
    expect((await runtime.load("add_sub", join(dirname(TRITON_SERVE_PT_DIR), "add_sub"))).status).toBe(200);
    await runtime.close();
  });

  it("with MME_PYTHON set to an interpreter without torch, the worker says what is missing", async () => {
    const env = { ...process.env, PYTHONPATH: await torchHiddenPath(dir.path), MME_PYTHON: "python3" };
    const runtime = new EmbeddedRuntime(quietRuntimeOptions({ env }));
    const reply = await runtime.load("add_sub_torch", join(dirname(TRITON_SERVE_PT_DIR), "add_sub_torch"));
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /model\.py imports torch, which .* does not have; install it with: sudo apt-get install python3-torch python3-torchvision/,
    );
    await runtime.close();
  });
});

describe.runIf(torchPython)("TorchScript models (torch imports here)", () => {
  let runtime: EmbeddedRuntime;
  beforeAll(async () => {
    await ensureTritonServePt();
    runtime = new EmbeddedRuntime(quietRuntimeOptions());
    const reply = await runtime.load("triton-serve-pt", TRITON_SERVE_PT_DIR);
    expect(reply.status, parseJson(reply.body).error).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
  });

  it.each([1, 8])(
    "triton-serve-pt at batch %i equals the same module run by torch directly (max abs diff <= 1e-4)",
    async (batch) => {
      const { body, headers } = binaryImageRequest(batch);
      const reply = await runtime.invoke("triton-serve-pt", body, headers);
      expect(reply.status).toBe(200);
      const { json, values } = binaryResponse(
        reply.body,
        Number(reply.headers["inference-header-content-length"]),
      );
      expect(json.outputs[0]).toMatchObject({ name: "OUTPUT__0", datatype: "FP32", shape: [batch, 1000] });

      const input = join(dir.path, `input-${batch}.f32`);
      const output = join(dir.path, `output-${batch}.f32`);
      await writeFile(input, new Uint8Array(imageBatch(batch).buffer));
      await runTorchPython(REFERENCE, [TRITON_SERVE_PT_MODEL_FILE, input, output, String(batch)]);
      const bytes = await readFile(output);
      const expected = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(values.length).toBe(expected.length);
      let maxDiff = 0;
      for (let i = 0; i < expected.length; i++)
        maxDiff = Math.max(maxDiff, Math.abs(values[i]! - expected[i]!));
      expect(maxDiff).toBeLessThanOrEqual(1e-4);
      // Not a constant function: the images of the batch get different scores.
      if (batch === 8) expect(values.slice(0, 1000)).not.toEqual(values.slice(1000, 2000));
    },
    120_000,
  );

  it("reports the worker's live resident set as memoryBytes", async () => {
    const info = await runtime.describe("triton-serve-pt");
    const pid = (runtime.backendOf("triton-serve-pt") as PythonBackend).pids()[0]!;
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) * 1024;
    // The weights alone are ~100 MB; the reading is the process's own, give or take what changed since.
    expect(info!.memoryBytes).toBeGreaterThan(100_000_000);
    expect(Math.abs(info!.memoryBytes! - rss)).toBeLessThan(0.2 * rss);
  });

  it("refuses a wrong shape, a wrong datatype and a batch above max_batch_size, and keeps serving", async () => {
    const request = (shape: number[], datatype = "FP32") =>
      new TextEncoder().encode(
        JSON.stringify({
          inputs: [
            { name: "INPUT__0", shape, datatype, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0) },
          ],
        }),
      );
    const shape = await runtime.invoke("triton-serve-pt", request([1, 3, 224, 225]), JSON_HEADERS);
    expect(shape.status).toBe(400);
    expect(parseJson(shape.body).error).toBe(
      "inference input 'INPUT__0' has shape [1,3,224,225], but model 'triton-serve-pt' expects [-1,3,224,224] (leading batch dimension 1..8)",
    );
    const datatype = await runtime.invoke(
      "triton-serve-pt",
      request([1, 3, 224, 224], "INT64"),
      JSON_HEADERS,
    );
    expect(datatype.status).toBe(400);
    expect(parseJson(datatype.body).error).toBe(
      "inference input 'INPUT__0' has datatype INT64, but model 'triton-serve-pt' expects FP32",
    );
    const { body, headers } = binaryImageRequest(9);
    const tooBig = await runtime.invoke("triton-serve-pt", body, headers);
    expect(tooBig.status).toBe(400);
    expect(parseJson(tooBig.body).error).toBe(
      "inference input 'INPUT__0' has batch size 9, but model 'triton-serve-pt' accepts 1..8",
    );
    const ok = binaryImageRequest(1);
    expect((await runtime.invoke("triton-serve-pt", ok.body, ok.headers)).status).toBe(200);
  });

  it("a corrupt model.pt fails its load with a 400 naming the file's problem", async () => {
    const model = await writeConfigOnly(dir.path, "corrupt_pt", IMAGE_CONFIG("corrupt_pt"), {
      "1/model.pt": "this is not a TorchScript archive",
    });
    const reply = await runtime.load("corrupt_pt", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /^instance corrupt_pt_0_0 failed to initialize: TritonModelException: failed to load model 'corrupt_pt': PytorchStreamReader failed reading zip archive: .+$/,
    );
    expect(await runtime.describe("corrupt_pt")).toBeUndefined();
  });

  it("maps inputs by forward() argument name, outputs by __<index>, and checks output datatypes like Triton", async () => {
    const config = (name: string, roundedType: string) =>
      `name: "${name}"\nplatform: "pytorch_libtorch"\nmax_batch_size: 0\ninput [ { name: "values" data_type: TYPE_FP32 dims: [ 3 ] }, { name: "scale" data_type: TYPE_FP32 dims: [ 1 ] } ]\noutput [ { name: "SCALED__0" data_type: TYPE_FP32 dims: [ 3 ] }, { name: "ROUNDED__1" data_type: ${roundedType} dims: [ 3 ] } ]\n`;
    // Config order differs from forward()'s: the names decide (FORWARD_ARGUMENT).
    const named = await writeConfigOnly(dir.path, "named", config("named", "TYPE_INT64"));
    const mismatched = await writeConfigOnly(dir.path, "mismatched", config("mismatched", "TYPE_FP32"));
    await runTorchPython(
      `
import shutil, sys, torch
class Named(torch.nn.Module):
    def forward(self, scale: torch.Tensor, values: torch.Tensor):
        return values * scale, (values * scale).to(torch.int64)
torch.jit.script(Named()).save(sys.argv[1])
shutil.copy(sys.argv[1], sys.argv[2])
`,
      [join(named, "1", "model.pt"), join(mismatched, "1", "model.pt")],
    );
    const body = new TextEncoder().encode(
      JSON.stringify({
        inputs: [
          { name: "values", shape: [3], datatype: "FP32", data: [1, 2, 3] },
          { name: "scale", shape: [1], datatype: "FP32", data: [2.5] },
        ],
      }),
    );
    expect((await runtime.load("named", named)).status).toBe(200);
    const reply = await runtime.invoke("named", body, JSON_HEADERS);
    expect(reply.status).toBe(200);
    expect(parseJson(reply.body).outputs).toEqual([
      { name: "SCALED__0", datatype: "FP32", shape: [3], data: [2.5, 5, 7.5] },
      { name: "ROUNDED__1", datatype: "INT64", shape: [3], data: [2, 5, 7] },
    ]);
    expect((await runtime.load("mismatched", mismatched)).status).toBe(200);
    const refused = await runtime.invoke("mismatched", body, JSON_HEADERS);
    expect(refused.status).toBe(400);
    expect(parseJson(refused.body).error).toBe(
      "configuration expects datatype TYPE_FP32 for output 'ROUNDED__1', model provides TYPE_INT64",
    );
  });

  it("passes a Dict[str, Tensor] forward() its inputs by name, and TYPE_STRING as List[str] both ways", async () => {
    const dict = await writeConfigOnly(
      dir.path,
      "dict_input",
      `name: "dict_input"\nplatform: "pytorch_libtorch"\nmax_batch_size: 0\ninput [ { name: "a" data_type: TYPE_INT32 dims: [ 2 ] }, { name: "b" data_type: TYPE_INT32 dims: [ 2 ] } ]\noutput [ { name: "OUT__0" data_type: TYPE_INT32 dims: [ 2 ] } ]\n`,
    );
    const strings = await writeConfigOnly(
      dir.path,
      "strings_pt",
      `name: "strings_pt"\nplatform: "pytorch_libtorch"\nmax_batch_size: 0\ninput [ { name: "TEXT__0" data_type: TYPE_STRING dims: [ -1 ] } ]\noutput [ { name: "UPPER__0" data_type: TYPE_STRING dims: [ -1 ] } ]\nparameters { key: "INFERENCE_MODE" value { string_value: "false" } }\n`,
    );
    await runTorchPython(
      `
import sys, torch
from typing import Dict, List
class DictInput(torch.nn.Module):
    def forward(self, inputs: Dict[str, torch.Tensor]):
        return inputs["a"] * 10 + inputs["b"]
class Upper(torch.nn.Module):
    def forward(self, text: List[str]) -> List[str]:
        return [t.upper() for t in text]
torch.jit.script(DictInput()).save(sys.argv[1])
torch.jit.script(Upper()).save(sys.argv[2])
`,
      [join(dict, "1", "model.pt"), join(strings, "1", "model.pt")],
    );
    const json = (inputs: unknown[]) => new TextEncoder().encode(JSON.stringify({ inputs }));
    expect((await runtime.load("dict_input", dict)).status).toBe(200);
    const summed = await runtime.invoke(
      "dict_input",
      json([
        { name: "b", shape: [2], datatype: "INT32", data: [3, 4] },
        { name: "a", shape: [2], datatype: "INT32", data: [1, 2] },
      ]),
      JSON_HEADERS,
    );
    expect(parseJson(summed.body).outputs).toEqual([
      { name: "OUT__0", datatype: "INT32", shape: [2], data: [13, 24] },
    ]);
    expect((await runtime.load("strings_pt", strings)).status).toBe(200);
    const upper = await runtime.invoke(
      "strings_pt",
      json([{ name: "TEXT__0", shape: [2], datatype: "BYTES", data: ["abc", "grüße"] }]),
      JSON_HEADERS,
    );
    expect(parseJson(upper.body).outputs).toEqual([
      // TorchScript's str.upper() maps ASCII only; the UTF-8 bytes around it come back intact.
      { name: "UPPER__0", datatype: "BYTES", shape: [2], data: ["ABC", "GRüßE"] },
    ]);
  });

  it("refuses a bad parameter value and an unsupported datatype at load, naming them", async () => {
    const badParameter = await writeConfigOnly(
      dir.path,
      "bad_parameter",
      IMAGE_CONFIG("bad_parameter", `parameters { key: "INFERENCE_MODE" value { string_value: "maybe" } }\n`),
      { "1/model.pt": "never read" },
    );
    const refused = await runtime.load("bad_parameter", badParameter);
    expect(refused.status).toBe(400);
    expect(parseJson(refused.body).error).toMatch(
      /failed to convert 'maybe' to boolean value \(parameter INFERENCE_MODE\)$/,
    );
    const uint16 = await writeConfigOnly(
      dir.path,
      "uint16_pt",
      `name: "uint16_pt"\nplatform: "pytorch_libtorch"\nmax_batch_size: 0\ninput [ { name: "x" data_type: TYPE_UINT16 dims: [ 1 ] } ]\noutput [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]\n`,
    );
    await runTorchPython(
      `
import sys, torch
class One(torch.nn.Module):
    def forward(self, x):
        return x.float()
torch.jit.script(One()).save(sys.argv[1])
`,
      [join(uint16, "1", "model.pt")],
    );
    const unsupported = await runtime.load("uint16_pt", uint16);
    expect(unsupported.status).toBe(400);
    expect(parseJson(unsupported.body).error).toMatch(
      /unsupported datatype TYPE_UINT16 for input 'x' for model 'uint16_pt'$/,
    );
  });

  it("refuses a config whose input count differs from forward()'s, as Triton does", async () => {
    const model = await writeConfigOnly(
      dir.path,
      "two_inputs",
      `name: "two_inputs"\nplatform: "pytorch_libtorch"\nmax_batch_size: 8\ninput [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 3, 224, 224 ] }, { name: "INPUT__1" data_type: TYPE_FP32 dims: [ 1 ] } ]\noutput [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 1000 ] } ]\n`,
    );
    await writeFile(join(model, "1", "model.pt"), await readFile(TRITON_SERVE_PT_MODEL_FILE));
    const reply = await runtime.load("two_inputs", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(
      /unable to load model 'two_inputs', configuration expects 2 inputs, model provides 1$/,
    );
  }, 60_000);

  it("runs the registry's add_sub_torch Python model, which imports torch", async () => {
    const reply = await runtime.load("add_sub_torch", join(dirname(TRITON_SERVE_PT_DIR), "add_sub_torch"));
    expect(reply.status, parseJson(reply.body).error).toBe(200);
    const sum = await runtime.invoke(
      "add_sub_torch",
      addSubRequest([1.5, 2, -3, 1e7], [0.25, 4, 3, 1]),
      JSON_HEADERS,
    );
    expect(outputData(sum.body, "OUTPUT0")).toEqual([1.75, 6, 0, 10000001]);
    expect(outputData(sum.body, "OUTPUT1")).toEqual([1.25, -2, -6, 9999999]);
  });
});
