import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addSubConfigText, addSubPythonModel } from "@mme/model-registry";

export const ADD_SUB_CONFIG = addSubConfigText();

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
  const registry = await addSubPythonModel();
  const all: Record<string, string | Uint8Array | null> = { ...registry.files, ...files };
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
