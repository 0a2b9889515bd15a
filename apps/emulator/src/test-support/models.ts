// Small Triton-layout models written to a temp folder for tests: add_sub_onnx from the registry, and
// Python-backend models that raise or load slowly.
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { addSubConfigText } from "@mme/model-registry";
import { REPO_ROOT } from "../config/emulator-config.js";

export async function writeAddSubOnnx(root: string, name = "add_sub_onnx"): Promise<string> {
  const dir = join(root, name);
  await cp(join(REPO_ROOT, "model_registry", "add_sub_onnx"), dir, { recursive: true });
  if (name !== "add_sub_onnx") {
    const config = join(dir, "config.pbtxt");
    const { readFile } = await import("node:fs/promises");
    await writeFile(
      config,
      (await readFile(config, "utf8")).replace('name: "add_sub_onnx"', `name: "${name}"`),
    );
  }
  return dir;
}

/**
 * A Python model whose execute() raises, or whose initialize() sleeps `initializeSeconds`, or waits until
 * the file `initializeUntil` exists (a load the test ends when it chooses; 60 s at most).
 */
export async function writePythonModel(
  root: string,
  name: string,
  behaviour: { raises?: string; initializeSeconds?: number; initializeUntil?: string },
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, "1"), { recursive: true });
  await writeFile(join(dir, "config.pbtxt"), addSubConfigText(name));
  await writeFile(
    join(dir, "1", "model.py"),
    `import os, time
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        time.sleep(${behaviour.initializeSeconds ?? 0})
        deadline = time.time() + 60
        while ${JSON.stringify(behaviour.initializeUntil ?? "")} and not os.path.exists(${JSON.stringify(behaviour.initializeUntil ?? "")}) and time.time() < deadline:
            time.sleep(0.02)

    def execute(self, requests):
        responses = []
        for request in requests:
            ${behaviour.raises ? `raise ValueError(${JSON.stringify(behaviour.raises)})` : "pass"}
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor("OUTPUT0", (a + b).astype(np.float32)),
                pb_utils.Tensor("OUTPUT1", (a - b).astype(np.float32)),
            ]))
        return responses
`,
  );
  return dir;
}

export const ADD_SUB_REQUEST = {
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [10, 20, 30, 40] },
  ],
};
