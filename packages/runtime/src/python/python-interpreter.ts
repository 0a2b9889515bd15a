// Which python3 runs a model: MME_PYTHON (or the `python` option) when set; otherwise the first
// candidate that imports what the model needs (numpy always, torch for TorchScript models and for
// Python models that import it). Debian's python3-torch lands in /usr/bin/python3, which is often
// not the python3 first on PATH, hence more than one candidate.
import { execFile } from "node:child_process";
import { ModelLoadError } from "../errors.js";

export const PYTHON_CANDIDATES: readonly string[] = ["python3", "/usr/bin/python3"];
export const TORCH_INSTALL_HINT = "sudo apt-get install python3-torch python3-torchvision";
const PROBE_TIMEOUT_MS = 120_000;

export type PythonNeed = "numpy" | "torch";

export interface PythonProbe {
  /** The candidate as given (a command on PATH or a path). */
  candidate: string;
  /** sys.executable. */
  executable: string;
  /** Version of the module probed for (numpy, or torch). */
  version: string;
}

export interface InterpreterChoice {
  python: string;
  /** Set when the interpreter was found by probing (not named by MME_PYTHON). */
  probe?: PythonProbe;
}

const PROBE_SCRIPT = (modules: string[]) =>
  `import sys\n${modules.map((m) => `import ${m}`).join("\n")}\nprint(sys.executable)\nprint(${modules.at(-1)}.__version__)`;

/** Successful probes, shared by every runtime in the process; a failure is probed again next time. */
const probes = new Map<string, Promise<PythonProbe | undefined>>();

function probe(
  candidate: string,
  need: PythonNeed,
  env: NodeJS.ProcessEnv,
): Promise<PythonProbe | undefined> {
  const key = [need, candidate, env.PATH ?? "", env.PYTHONPATH ?? ""].join("\0");
  const cached = probes.get(key);
  if (cached) return cached;
  const modules = need === "torch" ? ["numpy", "torch"] : ["numpy"];
  const running = new Promise<PythonProbe | undefined>((resolve) => {
    execFile(
      candidate,
      ["-c", PROBE_SCRIPT(modules)],
      { env, timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout) => {
        const [executable, version] = stdout.trim().split("\n");
        resolve(error || !executable || !version ? undefined : { candidate, executable, version });
      },
    );
  });
  probes.set(key, running);
  void running.then((found) => {
    if (!found) probes.delete(key);
  });
  return running;
}

/** The first candidate that imports what `need` asks for, or undefined. */
export async function findPython(
  need: PythonNeed,
  env: NodeJS.ProcessEnv,
  candidates: readonly string[] = PYTHON_CANDIDATES,
): Promise<PythonProbe | undefined> {
  for (const candidate of candidates) {
    const found = await probe(candidate, need, env);
    if (found) return found;
  }
  return undefined;
}

export interface ChooseOptions {
  /** MME_PYTHON or the runtime's `python` option: used as it is, without probing. */
  explicit?: string;
  env: NodeJS.ProcessEnv;
  candidates?: readonly string[];
  modelName: string;
  /** Why the model needs torch, when it does (e.g. 'platform "pytorch_libtorch"'). */
  torchReason?: string;
}

/** The interpreter for one model; a 400 load error naming torch and its install line when none has it. */
export async function choosePython(options: ChooseOptions): Promise<InterpreterChoice> {
  if (options.explicit) return { python: options.explicit };
  const candidates = options.candidates ?? PYTHON_CANDIDATES;
  const need: PythonNeed = options.torchReason ? "torch" : "numpy";
  const found = await findPython(need, options.env, candidates);
  if (found) return { python: found.candidate, probe: found };
  const tried = candidates.join(", ");
  if (options.torchReason) {
    throw new ModelLoadError(
      `model '${options.modelName}' needs PyTorch (${options.torchReason}), but no Python interpreter here imports torch (tried ${tried}); install it with: ${TORCH_INSTALL_HINT} (or set MME_PYTHON to an interpreter that has torch)`,
    );
  }
  throw new ModelLoadError(
    `model '${options.modelName}' needs a Python interpreter with numpy, but none of ${tried} imports numpy; install numpy or set MME_PYTHON`,
  );
}

export interface InterpreterReport {
  /** MME_PYTHON, when set: it serves every Python and TorchScript model. */
  explicit?: string;
  numpy?: PythonProbe;
  torch?: PythonProbe;
  candidates: readonly string[];
}

/** What `pnpm start` prints: which interpreter serves which kind of model. */
export async function describeInterpreters(
  env: NodeJS.ProcessEnv,
  candidates: readonly string[] = PYTHON_CANDIDATES,
): Promise<InterpreterReport> {
  if (env.MME_PYTHON) return { explicit: env.MME_PYTHON, candidates };
  const [numpy, torch] = await Promise.all([
    findPython("numpy", env, candidates),
    findPython("torch", env, candidates),
  ]);
  return { numpy, torch, candidates };
}

export function formatInterpreterReport(report: InterpreterReport): string[] {
  if (report.explicit) return [`Python and TorchScript models run on MME_PYTHON=${report.explicit}`];
  const numpy = report.numpy
    ? `${report.numpy.executable} (numpy ${report.numpy.version})`
    : `none: no interpreter imports numpy (tried ${report.candidates.join(", ")})`;
  const torch = report.torch
    ? `${report.torch.executable} (torch ${report.torch.version})`
    : `none: no interpreter imports torch (tried ${report.candidates.join(", ")}); add it with: ${TORCH_INSTALL_HINT}`;
  return [`Python-backend models: ${numpy}`, `TorchScript and torch-importing Python models: ${torch}`];
}
