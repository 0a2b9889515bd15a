import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { create as createTar } from "tar";

export interface PackModelInput {
  /** The Triton model directory; its base name becomes the archive's top folder. */
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

/** Packs `<dir>` as a gzipped tar whose top folder is `basename(dir)`, as SageMaker MME expects. */
export async function packModel(input: PackModelInput): Promise<PackedModel> {
  const dir = resolve(input.dir);
  const top = basename(dir);
  const tempDir = input.outFile ? undefined : await mkdtemp(join(tmpdir(), "mme-pack-"));
  const file = input.outFile ?? join(tempDir!, `${top}.tar.gz`);
  await createTar(
    {
      gzip: true,
      file,
      cwd: dirname(dir),
      portable: true,
      filter: (path) => !path.split("/").some((part) => SKIPPED.has(part)),
    },
    [top],
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
