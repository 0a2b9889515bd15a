// triton-serve-pt: the seed workflow's PyTorch image classifier. config.pbtxt is committed in
// model_registry/triton-serve-pt/; 1/model.pt (torchvision ResNet-50, TorchScript, seeded weights) is
// written beside it by scripts/resnet50_torchscript.py where torch imports.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelFiles } from "../model-folder.js";
import { findTorchPython, torchMissingMessage } from "./torch-python.js";

export const TRITON_SERVE_PT = "triton-serve-pt";
export const TRITON_SERVE_PT_SEED = 50;
const REGISTRY_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TRITON_SERVE_PT_DIR = join(REGISTRY_ROOT, TRITON_SERVE_PT);
export const TRITON_SERVE_PT_MODEL_FILE = join(TRITON_SERVE_PT_DIR, "1", "model.pt");
const GENERATOR = join(REGISTRY_ROOT, "scripts", "resnet50_torchscript.py");

/** torch is not importable here: the message says so in one line, with the install line. */
export class TorchUnavailableError extends Error {
  override readonly name = "TorchUnavailableError";
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Runs the generator; resolves with the torch version used. */
export async function writeResNet50TorchScript(
  outFile: string,
  seed = TRITON_SERVE_PT_SEED,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const torch = await findTorchPython(env);
  if (!torch) throw new TorchUnavailableError(torchMissingMessage(env));
  await new Promise<void>((resolve, reject) => {
    execFile(torch.python, [GENERATOR, outFile, "--seed", String(seed)], { env }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${GENERATOR} failed: ${stderr.trim() || error.message}`)) : resolve(),
    );
  });
  return torch.torchVersion;
}

/**
 * Writes model_registry/triton-serve-pt/1/model.pt unless it is there already (`force` rewrites it).
 * Returns whether it was written.
 */
export async function ensureTritonServePt(
  options: { force?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<boolean> {
  if (!options.force && (await isFile(TRITON_SERVE_PT_MODEL_FILE))) return false;
  await writeResNet50TorchScript(TRITON_SERVE_PT_MODEL_FILE, TRITON_SERVE_PT_SEED, options.env);
  return true;
}

/** The model as files: the committed config (renamed when `name` is given) and model.pt for `seed`. */
export async function tritonServePtModel(
  options: { name?: string; seed?: number } = {},
): Promise<ModelFiles> {
  const name = options.name ?? TRITON_SERVE_PT;
  const config = await readFile(join(TRITON_SERVE_PT_DIR, "config.pbtxt"), "utf8");
  let weights: Uint8Array;
  if (options.seed === undefined || options.seed === TRITON_SERVE_PT_SEED) {
    await ensureTritonServePt();
    weights = await readFile(TRITON_SERVE_PT_MODEL_FILE);
  } else {
    const dir = await mkdtemp(join(tmpdir(), "mme-torchscript-"));
    try {
      await writeResNet50TorchScript(join(dir, "model.pt"), options.seed);
      weights = await readFile(join(dir, "model.pt"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return {
    name,
    files: {
      "config.pbtxt": config.replace(/^name:\s*"[^"]*"/m, `name: "${name}"`),
      "1/model.pt": weights,
    },
  };
}
