import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addSubConfigText } from "@mme/model-registry";

export const ADD_SUB_CONFIG = addSubConfigText();

export const ADD_SUB_MODEL_PY = `import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            a = pb_utils.get_input_tensor_by_name(request, "INPUT0").as_numpy()
            b = pb_utils.get_input_tensor_by_name(request, "INPUT1").as_numpy()
            responses.append(pb_utils.InferenceResponse([
                pb_utils.Tensor("OUTPUT0", (a + b).astype(np.float32)),
                pb_utils.Tensor("OUTPUT1", (a - b).astype(np.float32)),
            ]))
        return responses
`;

export interface ModelFixture {
  /** The model folder, named after the model. */
  dir: string;
}

/**
 * Writes a Triton model folder `<tmp>/<name>` with the given files (relative paths → contents).
 * Defaults to a valid add_sub; pass overrides to break it.
 */
export async function writeModel(
  files: Record<string, string | null> = {},
  name = "add_sub",
): Promise<ModelFixture> {
  const root = await mkdtemp(join(tmpdir(), "mme-model-"));
  const dir = join(root, name);
  const all: Record<string, string | null> = {
    "config.pbtxt": ADD_SUB_CONFIG,
    "1/model.py": ADD_SUB_MODEL_PY,
    ...files,
  };
  await mkdir(dir, { recursive: true });
  for (const [path, content] of Object.entries(all)) {
    if (content === null) continue;
    if (path.endsWith("/")) {
      await mkdir(join(dir, path), { recursive: true });
      continue;
    }
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir };
}
