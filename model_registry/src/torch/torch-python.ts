// The interpreter that generates the registry's TorchScript model: MME_PYTHON if set, else the first
// candidate importing torch and torchvision (Debian's python3-torch lands in /usr/bin/python3, which
// is often not the python3 first on PATH).
import { execFile } from "node:child_process";

export const TORCH_PYTHON_CANDIDATES: readonly string[] = ["python3", "/usr/bin/python3"];
export const TORCH_INSTALL_LINE = "sudo apt-get install python3-torch python3-torchvision";

export interface TorchPython {
  /** The command or path that was probed. */
  python: string;
  torchVersion: string;
}

function probe(python: string, env: NodeJS.ProcessEnv): Promise<TorchPython | undefined> {
  return new Promise((resolve) => {
    execFile(
      python,
      ["-c", "import torch, torchvision\nprint(torch.__version__)"],
      { env, timeout: 120_000 },
      (error, stdout) => resolve(error ? undefined : { python, torchVersion: stdout.trim() }),
    );
  });
}

export async function findTorchPython(
  env: NodeJS.ProcessEnv = process.env,
): Promise<TorchPython | undefined> {
  const candidates = env.MME_PYTHON ? [env.MME_PYTHON] : TORCH_PYTHON_CANDIDATES;
  for (const python of candidates) {
    const found = await probe(python, env);
    if (found) return found;
  }
  return undefined;
}

/** One line: why the TorchScript model cannot be generated here, and the line that fixes it. */
export function torchMissingMessage(env: NodeJS.ProcessEnv = process.env): string {
  const tried = env.MME_PYTHON ? `MME_PYTHON=${env.MME_PYTHON}` : TORCH_PYTHON_CANDIDATES.join(", ");
  return `no Python here imports torch and torchvision (tried ${tried}); add them with: ${TORCH_INSTALL_LINE}`;
}
