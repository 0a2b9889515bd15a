// What a loaded model is likely to take in a container that reports no footprint (Triton's GET
// /models/{name} says only {modelName, modelUrl}). From the model's files and backend, per instance:
// ONNX Runtime: 2.6 × the files + 12 MB (calibrated with a session and its own threads, as Triton runs each instance);
// Python / TorchScript: the files + 48 MB for the stub process; anything else: the files. An ensemble
// folder adds nothing itself: its steps are counted as the model folders they are. A GPU container's
// real limit is its device memory; past it the container answers 507 and the cache evicts and retries.
import type { Dirent } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { backendOf, parseModelConfig } from "@mme/core/triton";

export const ONNX_FILE_FACTOR = 2.6;
export const ONNX_INSTANCE_OVERHEAD_BYTES = 12 * 1024 * 1024;
export const PYTHON_STUB_BYTES = 48 * 1024 * 1024;

async function entries(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function fileBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await entries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await fileBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

async function modelFolderBytes(dir: string): Promise<number | undefined> {
  const text = await readFile(join(dir, "config.pbtxt"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  let config: ReturnType<typeof parseModelConfig>;
  try {
    config = parseModelConfig(text);
  } catch {
    return fileBytes(dir);
  }
  const instances = Math.max(
    1,
    config.instanceGroups.reduce((sum, group) => sum + group.count, 0),
  );
  const files = await fileBytes(dir);
  switch (backendOf(config)) {
    case "ensemble":
      return 0;
    case "onnxruntime":
      return instances * (files * ONNX_FILE_FACTOR + ONNX_INSTANCE_OVERHEAD_BYTES);
    case "python":
    case "pytorch":
      return instances * (files + PYTHON_STUB_BYTES);
    default:
      return instances * files;
  }
}

/** The estimate for the model folder(s) at `url` (a model folder, or a repository of them). */
export async function estimateModelMemory(url: string): Promise<number> {
  const direct = await modelFolderBytes(url);
  if (direct !== undefined) return Math.round(direct);
  let total = 0;
  for (const entry of await entries(url)) {
    if (entry.isDirectory()) total += (await modelFolderBytes(join(url, entry.name))) ?? 0;
  }
  return Math.round(total || (await fileBytes(url)));
}
