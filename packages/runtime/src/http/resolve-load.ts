// Where Triton's SageMaker front end looks for the model a load names (SageMakerMMELoadModel):
// the url's last sub-folder in directory order, or the one whose config.pbtxt says
// `platform: "ensemble"`; and which repository it registers: the url itself, or, when config.pbtxt
// sits directly in the url, the /opt/ml/models/<hash> folder above it.
import { type Dirent, existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

const ENSEMBLE_PLATFORM = /platform:(\s)*"ensemble"/;
const MODEL_PATH = /^(\/opt\/ml\/models\/[0-9A-Za-z._]+)\/(model)\/?([0-9A-Za-z._]+)?$/;

export interface LoadLocation {
  /** The repository Triton registers (GET /models' modelUrl). */
  repository: string;
  /** The folder inside it that the loaded name maps to. */
  modelSubdir: string;
}

export async function resolveLoad(url: string): Promise<LoadLocation> {
  let modelSubdir = "";
  let ensembleSubdir = "";
  let entries: Dirent[] = [];
  try {
    entries = await readdir(url, { withFileTypes: true });
  } catch {}
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    modelSubdir = entry.name;
    const config = await readFile(join(url, entry.name, "config.pbtxt"), "utf8").catch(() => undefined);
    if (config !== undefined && ENSEMBLE_PLATFORM.test(config)) ensembleSubdir = entry.name;
  }
  if (ensembleSubdir) modelSubdir = ensembleSubdir;
  const matched = MODEL_PATH.exec(url);
  if (existsSync(join(url, "config.pbtxt"))) {
    return { repository: matched?.[1] ?? "", modelSubdir: matched?.[2] ?? "" };
  }
  return { repository: url, modelSubdir };
}

export async function isDirectory(path: string): Promise<boolean> {
  return (
    path !== "" &&
    (await stat(path).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  );
}
