// Finds what to run from the `url` the platform passes to load: model folder, version, config, model file.
import { readdirSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { expectedModelFile, parseModelConfig, type TritonModelConfig, tritonLayout } from "@mme/core/triton";
import { ModelLoadError, messageOf } from "../errors.js";

export interface ServableModel {
  modelDir: string;
  /** The folder the model folder sits in: where an ensemble's step models are. */
  repositoryDir: string;
  /** The served version folder's name (e.g. "1"). */
  version: string;
  versionDir: string;
  config: TritonModelConfig;
  /** The model file (or folder) in versionDir, by Triton's default name or `default_model_filename`. */
  modelFile: string | undefined;
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** The highest numeric version folder (Triton's default policy: latest 1), or the first listed one. */
function pickVersion(modelDir: string, config: TritonModelConfig): string {
  const entries = readdirSync(modelDir, { withFileTypes: true });
  const versions = entries
    .filter((e) => e.isDirectory() && /^\d+$/.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => b - a);
  const policy = config.versionPolicy;
  const wanted = policy && "specific" in policy ? policy.specific.versions : undefined;
  const chosen = wanted ? versions.find((v) => wanted.includes(v)) : versions[0];
  if (chosen === undefined) throw new ModelLoadError(`no version folder (e.g. ${modelDir}/1) in ${modelDir}`);
  return String(chosen);
}

/**
 * `url` is what SageMaker extracted: a model folder itself (config.pbtxt at the top), a folder holding one
 * model folder, or an ensemble (`platform: "ensemble"`) beside its steps; Triton's rule, in triton-layout.ts.
 */
export async function locateServableModel(url: string): Promise<ServableModel> {
  try {
    const layout = await tritonLayout(url);
    if (layout.kind === "invalid") throw new ModelLoadError(`${url} ${layout.problem}`);
    return await readServableModel(layout.modelDir, url);
  } catch (error) {
    // Checked only on failure: one fs round trip fewer on every cold start that finds its model.
    if (!(await exists(url))) throw new ModelLoadError(`model directory ${url} does not exist`);
    throw error;
  }
}

/** The model in `modelDir` (config.pbtxt, version, model file); `url` names it in errors. */
export async function readServableModel(modelDir: string, url = modelDir): Promise<ServableModel> {
  const configPath = join(modelDir, "config.pbtxt");
  // Read, not checked first, and synchronously: a small local file on every cold start's path, where a
  // thread-pool round trip costs more than the read (milliseconds on a busy machine).
  let text: string;
  try {
    text = readFileSync(configPath, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new ModelLoadError(`no config.pbtxt in ${url} or a model folder inside it`);
    throw new ModelLoadError(`cannot read ${configPath}: ${messageOf(error)}`);
  }
  let config: TritonModelConfig;
  try {
    config = parseModelConfig(text, configPath);
  } catch (error) {
    throw new ModelLoadError(messageOf(error));
  }
  const version = pickVersion(modelDir, config);
  const versionDir = join(modelDir, version);
  const expected = expectedModelFile(config);
  return {
    modelDir,
    repositoryDir: dirname(modelDir),
    version,
    versionDir,
    config,
    modelFile: expected ? join(versionDir, expected.name) : undefined,
  };
}
