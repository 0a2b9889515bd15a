import { type Dirent, existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";

export interface LocatedModel {
  /** The folder holding config.pbtxt, or that should. */
  modelDir: string;
  /** Model folders found side by side when `dir` is a repository holding several models. */
  siblings: string[];
}

const isVersionLike = (name: string) => /^\d+$/.test(name);

/**
 * Finds the model folder in `dir`: `dir` itself when it is a model folder, or its single model
 * subfolder when it is a repository (SageMaker extracts a tarball whose top folder is the model).
 */
export async function locateModel(dir: string): Promise<LocatedModel> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return { modelDir: dir, siblings: [] };
  }
  if (entries.some((e) => e.name === "config.pbtxt")) return { modelDir: dir, siblings: [] };
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith("."));
  if (folders.length === 0 || folders.some((e) => isVersionLike(e.name)))
    return { modelDir: dir, siblings: [] };
  if (folders.length === 1) return { modelDir: join(dir, folders[0]!.name), siblings: [] };
  const models = folders.filter((e) => existsSync(join(dir, e.name, "config.pbtxt"))).map((e) => e.name);
  if (models.length === 1) return { modelDir: join(dir, models[0]!), siblings: [] };
  return { modelDir: dir, siblings: models.length > 0 ? models : folders.map((e) => e.name) };
}

/** The model folder inside `dir` (see locateModel); `dir` itself when it holds no single model folder. */
export async function resolveModelDir(dir: string): Promise<string> {
  return (await locateModel(dir)).modelDir;
}
