import type { Dirent, Stats } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { ModelProblem } from "../errors/mme-errors.js";
import { backendOf, expectedModelFile, TRITON_BACKENDS, TRITON_PLATFORMS } from "./backends.js";
import type { TritonModelConfig } from "./model-config.js";
import type { ModelValidationReport } from "./model-validation-report.js";
import { readModelConfig } from "./parse-model-config.js";
import { PbtxtSyntaxError } from "./pbtxt/errors.js";
import type { PbtxtMessage, PbtxtPosition } from "./pbtxt/tree.js";
import { type TritonLayout, tritonLayout } from "./triton-layout.js";

/**
 * Checks that `dir` holds what Triton's SageMaker front end serves (triton-layout.ts: a model folder, a
 * folder holding one, or an ensemble beside its steps) and reports every problem found, each with its
 * file relative to the model folder's parent, and line and column when it comes from config.pbtxt.
 * Never throws for a bad model.
 */
export async function validateModelDirectory(dir: string): Promise<ModelValidationReport> {
  const absolute = resolve(dir);
  const name = basename(absolute);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) return failed(name, absolute, `model directory not found: ${dir}`);
  if (!info.isDirectory()) return failed(name, absolute, `not a directory: ${dir}`);
  return validateLayout(absolute, await tritonLayout(absolute), name, true);
}

/**
 * Validates what `layout` serves from `dir`: the model folder, or an ensemble and every step folder
 * beside it. `topName` names a model whose files sit directly in `dir`; `topIsFolderName` says whether
 * config.pbtxt's `name` must match it (a folder that `mme add-model` packs under its name), or not (the top of
 * a tarball: SageMaker extracts it into a folder named `model`, and Triton maps that to the TargetModel).
 */
export async function validateLayout(
  dir: string,
  layout: TritonLayout,
  topName: string,
  topIsFolderName: boolean,
): Promise<ModelValidationReport> {
  if (layout.kind === "invalid") return failed(topName, dir, layout.problem);
  if (layout.kind === "top") return validateModelFolder(dir, topName, topIsFolderName);
  const served = await validateModelFolder(layout.modelDir, basename(layout.modelDir));
  for (const member of layout.members) {
    if (join(dir, member) === layout.modelDir) continue;
    served.problems.push(...(await validateModelFolder(join(dir, member), member)).problems);
  }
  return served;
}

/** Validates one model folder, naming files `<displayName>/...` in problems. */
export async function validateModelFolder(
  modelDir: string,
  displayName: string,
  checkName = true,
): Promise<ModelValidationReport> {
  const problems: ModelProblem[] = [];
  const at = (relative: string) => `${displayName}/${relative}`;
  const config = await checkConfig(
    modelDir,
    checkName ? displayName : undefined,
    at("config.pbtxt"),
    problems,
  );
  const versions = await checkVersions(modelDir, displayName, config, problems);
  const report: ModelValidationReport = { modelName: displayName, dir: modelDir, versions, problems };
  if (config && !problems.some((p) => p.file === at("config.pbtxt"))) report.config = config;
  return report;
}

function failed(modelName: string, dir: string, message: string): ModelValidationReport {
  return { modelName, dir, versions: [], problems: [{ file: modelName, message }] };
}

async function checkConfig(
  modelDir: string,
  modelName: string | undefined,
  file: string,
  problems: ModelProblem[],
): Promise<TritonModelConfig | undefined> {
  let text: string;
  try {
    text = await readFile(`${modelDir}/config.pbtxt`, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push({
      file,
      message:
        code === "ENOENT"
          ? "config.pbtxt is missing (every Triton model folder needs one)"
          : `cannot read config.pbtxt: ${(error as Error).message}`,
    });
    return undefined;
  }
  try {
    const reading = readModelConfig(text, file);
    problems.push(...reading.problems);
    checkIdentity(reading.config, modelName, file, problems);
    return reading.config;
  } catch (error) {
    if (!(error instanceof PbtxtSyntaxError)) throw error;
    problems.push({ file, line: error.line, column: error.column, message: error.reason });
    return undefined;
  }
}

/** `name` matches the folder (when it has a name of the user's); `platform`/`backend` name something Triton and mme know. */
function checkIdentity(
  config: TritonModelConfig,
  modelName: string | undefined,
  file: string,
  problems: ModelProblem[],
) {
  const tree = config.raw as PbtxtMessage;
  const position = (field: string): PbtxtPosition | undefined =>
    tree.fields.find((f) => f.name === field)?.value;
  const add = (where: PbtxtPosition | undefined, message: string) =>
    problems.push(where ? { file, line: where.line, column: where.column, message } : { file, message });

  if (modelName !== undefined && config.name !== undefined && config.name !== modelName) {
    add(position("name"), `name "${config.name}" does not match the folder name "${modelName}"`);
  }
  const { platform, backend } = config;
  if (!platform && !backend) {
    add(undefined, `neither "backend" nor "platform" is set (for example backend: "python")`);
    return;
  }
  if (platform && TRITON_PLATFORMS[platform] === undefined) {
    add(
      position("platform"),
      `unknown platform "${platform}" (known: ${Object.keys(TRITON_PLATFORMS).join(", ")})`,
    );
  }
  if (backend && backendOf({ backend }) === "unknown") {
    const known = TRITON_BACKENDS.filter((b) => b !== "ensemble").join(", ");
    add(position("backend"), `unknown backend "${backend}" (known: ${known})`);
  }
  const platformBackend = platform ? TRITON_PLATFORMS[platform] : undefined;
  const backendKnown = backend ? backendOf({ backend }) : undefined;
  if (platformBackend && backendKnown && backendKnown !== "unknown" && platformBackend !== backendKnown) {
    add(position("backend"), `backend "${backend}" contradicts platform "${platform}"`);
  }
}

async function checkVersions(
  modelDir: string,
  modelName: string,
  config: TritonModelConfig | undefined,
  problems: ModelProblem[],
): Promise<number[]> {
  const entries = await readdir(modelDir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  const folders = entries.filter((e) => e.isDirectory());
  // Triton ignores folders that are not numbers or that start with 0.
  const versions = folders
    .filter((e) => /^[1-9]\d*$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
  if (versions.length === 0) {
    const ignored = folders.filter((e) => !e.name.startsWith(".")).map((e) => `${e.name}/`);
    const note =
      ignored.length > 0
        ? ` (${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} not a version folder)`
        : "";
    problems.push({
      file: `${modelName}/`,
      message: `no version folder: a model needs at least one numbered folder such as ${modelName}/1/${note}`,
    });
    return versions;
  }
  const expected = config ? expectedModelFile(config) : undefined;
  if (!expected || !config) return versions;
  const backend = backendOf(config);
  for (const version of versions) {
    const versionDir = `${modelDir}/${version}`;
    const file = `${modelName}/${version}/${expected.name}`;
    const contents = await readdir(versionDir).catch(() => [] as string[]);
    const info: Stats | undefined = await stat(`${versionDir}/${expected.name}`).catch(() => undefined);
    const what = expected.kind === "directory" ? `the folder ${expected.name}/` : expected.name;
    if (contents.length === 0) {
      problems.push({
        file: `${modelName}/${version}/`,
        message: `version folder is empty: a ${backend} model needs ${what} in it`,
      });
    } else if (!info) {
      problems.push({
        file,
        message: `missing ${what}: a ${backend} model needs it in every version folder`,
      });
    } else if (expected.kind === "file" && !info.isFile()) {
      problems.push({ file, message: `${expected.name} must be a file, found a folder` });
    } else if (expected.kind === "directory" && !info.isDirectory()) {
      problems.push({
        file,
        message: `${expected.name} must be a folder (a TensorFlow SavedModel), found a file`,
      });
    }
  }
  return versions;
}
