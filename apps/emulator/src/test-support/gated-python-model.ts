// A Python-backend add_sub whose execute() blocks on a gate when INPUT0[0] == 7: the test knows when the
// request reached the model (and which worker pid runs it), and decides when it may finish.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writePythonModel } from "./models.js";

/** Any request whose INPUT0[0] is 7 waits at the gate; others run at once. */
export const GATED_REQUEST = {
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [7, 1, 1, 1] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [1, 1, 1, 1] },
  ],
};

const GATE_TIMEOUT_SECONDS = 30;

export class Gate {
  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<Gate> {
    await mkdir(dir, { recursive: true });
    return new Gate(dir);
  }

  get startedFile(): string {
    return join(this.dir, "started");
  }

  get openFile(): string {
    return join(this.dir, "open");
  }

  /** Resolves with the pid of the worker once a gated request is inside execute(). */
  async started(timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await readFile(this.startedFile, "utf8").catch(() => "");
      const pid = Number.parseInt(text.trim().split("\n")[0] ?? "", 10);
      if (Number.isInteger(pid) && pid > 0) return pid;
      if (Date.now() > deadline) throw new Error(`no gated request reached the model within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async open(): Promise<void> {
    await writeFile(this.openFile, "open");
  }
}

/** Writes `<root>/<name>` (Triton layout) whose gated requests wait for `gate`. */
export async function writeGatedPythonModel(root: string, name: string, gate: Gate): Promise<string> {
  const dir = await writePythonModel(root, name, {});
  await writeFile(
    join(dir, "1", "model.py"),
    `import os, time
import numpy as np
import triton_python_backend_utils as pb_utils

STARTED = ${JSON.stringify(gate.startedFile)}
OPEN = ${JSON.stringify(gate.openFile)}


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            if a[0] == 7:
                with open(STARTED, "a") as f:
                    f.write(f"{os.getpid()}\\n")
                deadline = time.monotonic() + ${GATE_TIMEOUT_SECONDS}
                while not os.path.exists(OPEN) and time.monotonic() < deadline:
                    time.sleep(0.02)
            responses.append(pb_utils.InferenceResponse(output_tensors=[
                pb_utils.Tensor("OUTPUT0", (a + b).astype(np.float32)),
                pb_utils.Tensor("OUTPUT1", (a - b).astype(np.float32)),
            ]))
        return responses
`,
  );
  return dir;
}
