import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { create as createTar } from "tar";
import { InvalidModelError } from "../errors/mme-errors.js";
import { tritonLayout } from "../triton/triton-layout.js";

export interface PackModelInput {
  /**
   * A Triton model folder (its base name becomes the archive's top folder), a folder holding one, or a
   * folder holding an ensemble beside its steps (they become the archive's top folders): triton-layout.ts.
   */
  dir: string;
  /** Where to write the .tar.gz; default: a fresh temp file. */
  outFile?: string;
}

export interface PackedModel {
  file: string;
  bytes: number;
  sha256: string;
  /** Removes the temp directory when outFile was not given. */
  cleanup(): Promise<void>;
}

// Byproducts that must not ship inside a model archive.
const SKIPPED = new Set(["__pycache__", ".DS_Store", ".git", ".ipynb_checkpoints"]);

/** Packs what `<dir>` serves as a gzipped tar in a layout Triton's SageMaker front end loads. */
export async function packModel(input: PackModelInput): Promise<PackedModel> {
  const dir = resolve(input.dir);
  const layout = await tritonLayout(dir);
  if (layout.kind === "invalid")
    throw new InvalidModelError(basename(dir), [{ file: basename(dir), message: layout.problem }]);
  // A model folder goes in under its own name; a folder holding models, with them at the top.
  const [cwd, entries] = layout.kind === "top" ? [dirname(dir), [basename(dir)]] : [dir, layout.members];
  const tempDir = input.outFile ? undefined : await mkdtemp(join(tmpdir(), "mme-pack-"));
  const file = input.outFile ?? join(tempDir!, `${basename(dir)}.tar.gz`);
  await createTar(
    {
      gzip: true,
      file,
      cwd,
      portable: true,
      filter: (path) => !path.split("/").some((part) => SKIPPED.has(part)),
    },
    entries,
  );
  const { size } = await stat(file);
  return {
    file,
    bytes: size,
    sha256: await sha256File(file),
    cleanup: async () => {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
