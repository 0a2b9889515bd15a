// Runs model_registry/add_sub/1/model.py in a real python3, with a minimal stand-in for Triton's
// triton_python_backend_utils, fed the config JSON mme derives from config.pbtxt.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../process/repo-root.js";
import { modelConfigToTritonJson } from "./model-config-json.js";
import { parseModelConfig } from "./parse-model-config.js";

const ADD_SUB = join(REPO_ROOT, "model_registry/add_sub");

const PB_UTILS_STAND_IN = `
import numpy as np
_TYPES = {"TYPE_BOOL": np.bool_, "TYPE_UINT8": np.uint8, "TYPE_INT32": np.int32, "TYPE_INT64": np.int64,
          "TYPE_FP16": np.float16, "TYPE_FP32": np.float32, "TYPE_FP64": np.float64, "TYPE_STRING": np.object_}
def triton_string_to_numpy(name): return _TYPES[name]
def get_output_config_by_name(model_config, name):
    return next((o for o in model_config.get("output", []) if o["name"] == name), None)
class Tensor:
    def __init__(self, name, array): self._name, self._array = name, array
    def name(self): return self._name
    def as_numpy(self): return self._array
class InferenceRequest:
    def __init__(self, inputs): self.inputs = inputs
def get_input_tensor_by_name(request, name):
    return next((t for t in request.inputs if t.name() == name), None)
class TritonError(Exception): pass
class InferenceResponse:
    def __init__(self, output_tensors, error=None): self.output_tensors, self.error = output_tensors, error
`;

const HARNESS = `
import importlib.util, json, sys
import numpy as np
import triton_python_backend_utils as pb_utils
spec = importlib.util.spec_from_file_location("model", sys.argv[1])
module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
model = module.TritonPythonModel()
model.initialize({"model_config": sys.argv[2], "model_name": "add_sub", "model_version": "1"})
requests = [pb_utils.InferenceRequest([pb_utils.Tensor("INPUT0", np.array(a, dtype=np.float32)),
                                       pb_utils.Tensor("INPUT1", np.array(b, dtype=np.float32))])
            for a, b in json.loads(sys.argv[3])]
responses = model.execute(requests)
model.finalize()
print(json.dumps([{t.name(): [str(t.as_numpy().dtype), t.as_numpy().tolist()] for t in r.output_tensors} for r in responses]))
`;

let stubDir: string;
beforeAll(async () => {
  stubDir = await mkdtemp(join(tmpdir(), "mme-pb-utils-"));
  await writeFile(join(stubDir, "triton_python_backend_utils.py"), PB_UTILS_STAND_IN);
});
afterAll(async () => {
  await rm(stubDir, { recursive: true, force: true });
});

describe("model_registry/add_sub", () => {
  it("adds and subtracts per request, in FP32, as Triton's example does", async () => {
    const config = parseModelConfig(await readFile(join(ADD_SUB, "config.pbtxt"), "utf8"));
    const pairs = [
      [
        [1, 2, 3, 4],
        [0.5, 0.5, 0.5, 0.5],
      ],
      [
        [10, 20, 30, 40],
        [1, 2, 3, 4],
      ],
    ];
    const output = execFileSync(
      "python3",
      [
        "-c",
        HARNESS,
        join(ADD_SUB, "1", "model.py"),
        JSON.stringify(modelConfigToTritonJson(config)),
        JSON.stringify(pairs),
      ],
      { env: { ...process.env, PYTHONPATH: stubDir, PYTHONDONTWRITEBYTECODE: "1" }, encoding: "utf8" },
    );
    const [cleanup, results] = output.trim().split("\n");
    expect(cleanup).toBe("Cleaning up...");
    expect(JSON.parse(results!)).toEqual([
      { OUTPUT0: ["float32", [1.5, 2.5, 3.5, 4.5]], OUTPUT1: ["float32", [0.5, 1.5, 2.5, 3.5]] },
      { OUTPUT0: ["float32", [11, 22, 33, 44]], OUTPUT1: ["float32", [9, 18, 27, 36]] },
    ]);
  });
});
