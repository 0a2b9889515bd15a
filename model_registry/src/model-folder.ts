// A model as files in Triton layout (`<name>/config.pbtxt`, `<name>/1/model.onnx`), written to disk and
// packed as the tarball SageMaker MME expects (top folder = model name). Output is byte-stable.

import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import * as tar from "tar";

export interface ModelFiles {
  name: string;
  /** Relative path inside the model folder → contents. */
  files: Record<string, Uint8Array | string>;
}

/** Writes `<root>/<name>/...`; returns the model folder. */
export async function writeModelFolder(root: string, model: ModelFiles): Promise<string> {
  const modelDir = join(root, model.name);
  for (const [relative, contents] of Object.entries(model.files)) {
    const file = join(modelDir, relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  return modelDir;
}

function tarEntries(model: ModelFiles): string[] {
  const entries = new Set<string>([model.name]);
  for (const relative of Object.keys(model.files).sort()) {
    const parts = relative.split("/");
    for (let i = 1; i < parts.length; i++) entries.add(`${model.name}/${parts.slice(0, i).join("/")}`);
    entries.add(`${model.name}/${relative}`);
  }
  return [...entries];
}

/**
 * Packs a folder written by writeModelFolder under `root` into `tarballPath` (gzip). Entries are listed
 * explicitly and timestamps fixed, so the archive's sha256 is the same on every run.
 */
export async function packModelTarball(root: string, model: ModelFiles, tarballPath: string): Promise<void> {
  await mkdir(dirname(tarballPath), { recursive: true });
  const stream = tar.create(
    { gzip: true, cwd: root, portable: true, noDirRecurse: true, mtime: new Date(0) },
    tarEntries(model),
  );
  await pipeline(stream, createWriteStream(tarballPath));
}

/** Writes the folder and `<outDir>/<name>_v0.tar.gz`; returns both paths. */
export async function writeModel(
  outDir: string,
  model: ModelFiles,
  tarballName = `${model.name}_v0.tar.gz`,
): Promise<{ modelDir: string; tarball: string }> {
  const modelDir = await writeModelFolder(outDir, model);
  const tarball = join(outDir, tarballName);
  await packModelTarball(outDir, model, tarball);
  return { modelDir, tarball };
}
