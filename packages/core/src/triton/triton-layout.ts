// Which model a folder (an extracted tarball, or a folder given to `mme add-model`) serves, by the rule of
// Triton's SageMaker front end (server/src/sagemaker_server.cc, SageMakerMMELoadModel): a config.pbtxt at
// the top makes the folder itself the model; otherwise its one sub-folder is the model, or, among several,
// the one whose config.pbtxt says `platform: "ensemble"` (the others are its steps). Several folders
// without an ensemble, or with more than one, leave Triton to pick whichever the file system lists last:
// mme refuses those. The emulator, the runtime, `mme validate-model`, `mme doctor` and `mme add-model`
// all read a layout here.
import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type TritonLayout =
  /** config.pbtxt at the top: the folder is the model (or only version folders: it should be). */
  | { kind: "top"; modelDir: string; members: [] }
  /** One sub-folder: the model. */
  | { kind: "folder"; modelDir: string; members: [string] }
  /** Several sub-folders, one an ensemble: it is served, the others are its steps. */
  | { kind: "ensemble"; modelDir: string; members: string[] }
  | { kind: "invalid"; problem: string; members: string[] };

/** Triton's test for an ensemble config (`platform: "ensemble"`, any spacing). */
const ENSEMBLE_PLATFORM = /platform\s*:\s*"ensemble"/;

export async function tritonLayout(dir: string): Promise<TritonLayout> {
  let entries: Dirent[];
  try {
    // A listing and a few small configs, read synchronously: tens of µs each, where a thread-pool
    // round trip costs milliseconds on a busy machine, on the cold start's path.
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return { kind: "top", modelDir: dir, members: [] };
  }
  if (entries.some((e) => e.name === "config.pbtxt")) return { kind: "top", modelDir: dir, members: [] };
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  // Only version folders (`1/`): a model folder missing its config.pbtxt, reported as such.
  if (folders.length === 0 || folders.every((name) => /^\d+$/.test(name))) {
    return { kind: "top", modelDir: dir, members: [] };
  }
  if (folders.length === 1)
    return { kind: "folder", modelDir: join(dir, folders[0]!), members: [folders[0]!] };
  folders.sort();
  const ensembles: string[] = [];
  for (const folder of folders) {
    const config = join(dir, folder, "config.pbtxt");
    if (existsSync(config) && ENSEMBLE_PLATFORM.test(readTextOrEmpty(config))) {
      ensembles.push(folder);
    }
  }
  if (ensembles.length === 1)
    return { kind: "ensemble", modelDir: join(dir, ensembles[0]!), members: folders };
  const listed = `${folders.length} model folders (${folders.join(", ")})`;
  return {
    kind: "invalid",
    members: folders,
    problem:
      ensembles.length === 0
        ? `holds ${listed} and no ensemble; Triton would serve whichever it lists last: one model folder per tarball, or add the ensemble that uses them`
        : `holds ${listed} with ${ensembles.length} ensembles (${ensembles.join(", ")}); Triton would serve whichever it lists last: one ensemble per tarball`,
  };
}

function readTextOrEmpty(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
