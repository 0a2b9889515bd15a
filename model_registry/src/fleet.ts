// N distinct variants of one model kind (distinct names and weights), as tarballs for eviction/scale work.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ModelKind, modelOfKind } from "./catalog.js";
import { packModelTarball, writeModelFolder } from "./model-folder.js";
import { seedFromString } from "./seeded-random.js";

export interface FleetOptions {
  kind: ModelKind;
  count: number;
  outDir: string;
  /** First variant index (default 0), so fleets can be extended. */
  startIndex?: number;
}

export interface FleetEntry {
  name: string;
  /** File name of the tarball in outDir, usable as a TargetModel key. */
  tarballName: string;
  tarballPath: string;
  sha256: string;
}

export function fleetModelName(kind: ModelKind, index: number): string {
  return `${kind}_${String(index).padStart(4, "0")}`;
}

/** Writes `<outDir>/<kind>_NNNN_v0.tar.gz` for each variant (the unpacked folders go to a temp dir). */
export async function generateFleet(options: FleetOptions): Promise<FleetEntry[]> {
  const start = options.startIndex ?? 0;
  const staging = await mkdtemp(join(tmpdir(), "mme-fleet-"));
  const entries: FleetEntry[] = [];
  try {
    for (let index = start; index < start + options.count; index++) {
      const name = fleetModelName(options.kind, index);
      const model = await modelOfKind(options.kind, { name, seed: seedFromString(name) });
      await writeModelFolder(staging, model);
      const tarballName = `${name}_v0.tar.gz`;
      const tarballPath = join(options.outDir, tarballName);
      await packModelTarball(staging, model, tarballPath);
      const sha256 = createHash("sha256")
        .update(await readFile(tarballPath))
        .digest("hex");
      entries.push({ name, tarballName, tarballPath, sha256 });
      await rm(join(staging, name), { recursive: true, force: true });
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return entries;
}
