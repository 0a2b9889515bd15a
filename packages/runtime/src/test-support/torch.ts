// Tests that need torch run where an interpreter imports it (CI installs Debian's python3-torch), and
// the no-torch paths are driven anywhere by hiding torch from the interpreter.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPython } from "../python/python-interpreter.js";

/** The first candidate interpreter that imports torch (and numpy), or undefined. */
export const torchPython = await findPython("torch", process.env);

/**
 * A PYTHONPATH entry under `root` whose `torch` package raises ModuleNotFoundError, as if torch were
 * not installed; pass it in the runtime's env.
 */
export async function torchHiddenPath(root: string): Promise<string> {
  const dir = join(root, "torch-hidden");
  await mkdir(join(dir, "torch"), { recursive: true });
  await writeFile(
    join(dir, "torch", "__init__.py"),
    `raise ModuleNotFoundError("No module named 'torch'", name="torch")\n`,
  );
  return dir;
}

/**
 * Runs a Python script with the torch interpreter; resolves with its stdout. The script is written to a
 * file first: torch.jit.script reads the source of what it compiles.
 */
export async function runTorchPython(script: string, args: string[] = []): Promise<string> {
  if (!torchPython) throw new Error("no interpreter here imports torch");
  const folder = await mkdtemp(join(tmpdir(), "mme-torch-script-"));
  const file = join(folder, "script.py");
  await writeFile(file, script);
  try {
    return await new Promise((resolve, reject) => {
      execFile(
        torchPython!.candidate,
        [file, ...args],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      );
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
