// The project's Python: a virtualenv `.venv` in the repository, made with --system-site-packages so that
// what python3 already has (numpy, boto3, the AWS CLI, moto) is used as it is, and only what
// requirements-dev.txt asks for and python3 lacks is pip-installed into it. `pnpm test` (vitest's global
// set-up) and `pnpm start` call it; both then put `.venv/bin` first on PATH, so every `python3` the tests,
// the emulator and the runtime start is this one.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MmeError } from "../errors/index.js";
import { REPO_ROOT } from "./repo-root.js";

export class PythonEnvError extends MmeError {
  override name = "PythonEnvError";
}

export interface PythonEnv {
  /** `.venv/bin`: put it first on PATH. */
  binDir: string;
  python: string;
}

export interface PythonEnvOptions {
  repoRoot?: string;
  /** The interpreter the virtualenv is made from; default python3 on PATH. */
  basePython?: string;
  /** Progress lines ("creating .venv …", "installing …"). */
  log?: (line: string) => void;
  /** Environment of python3 and pip (PIP_INDEX_URL …); default process.env. */
  env?: NodeJS.ProcessEnv;
}

// Prints each requirement of the file (argv[1]) that the running interpreter does not satisfy, extras
// included (moto[server] needs flask …): version and presence from importlib.metadata, the specifiers
// read with `packaging` (pip's copy when it is not installed on its own).
const UNSATISFIED = `
import sys, importlib.metadata as md
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
def ok(req, seen):
    try:
        version = md.version(req.name)
    except md.PackageNotFoundError:
        return False
    if not req.specifier.contains(version, prereleases=True):
        return False
    for extra in req.extras:
        for dep in md.requires(req.name) or []:
            sub = Requirement(dep)
            if sub.marker and sub.marker.evaluate({"extra": extra}) and sub.name not in seen:
                if not ok(sub, seen | {sub.name}):
                    return False
    return True
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line and not ok(Requirement(line), set()):
        print(line)
`;

export async function ensurePythonEnv(options: PythonEnvOptions = {}): Promise<PythonEnv> {
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const log = options.log ?? (() => {});
  const run = (command: string, args: string[]) => runIn(options.env ?? process.env, command, args);
  const venv = join(repoRoot, ".venv");
  const binDir = join(venv, "bin");
  const python = join(binDir, "python3");
  const requirements = join(repoRoot, "requirements-dev.txt");
  if (!existsSync(python)) {
    const base = options.basePython ?? "python3";
    log(`creating ${venv} from ${base} (--system-site-packages)`);
    await run(base, ["-m", "venv", "--system-site-packages", "--without-pip", venv]).catch((error: Error) => {
      throw new PythonEnvError(
        `cannot create ${venv} with ${base} -m venv (${lastLine(error.message)}). Fix: install python3 with its venv module (Debian: sudo apt-get install python3-venv)`,
      );
    });
  }
  const missing = await unsatisfied(run, python, requirements);
  if (missing.length === 0) return { binDir, python };

  log(`installing into ${venv}: ${missing.join(", ")}`);
  const installed = await pipInstall(run, python, requirements).then(
    () => undefined,
    (error: Error) => lastLine(error.message),
  );
  const still = await unsatisfied(run, python, requirements);
  if (still.length > 0) {
    throw new PythonEnvError(
      `Python packages missing: ${still.join(", ")}; pip install -r requirements-dev.txt into .venv failed (${installed ?? "still unsatisfied"}). Fix: make PyPI (or PIP_INDEX_URL) reachable and run it again, or install them into python3 (python3 -m pip install -r requirements-dev.txt) and delete .venv`,
    );
  }
  return { binDir, python };
}

type Run = (command: string, args: string[]) => Promise<string>;

async function unsatisfied(run: Run, python: string, requirements: string): Promise<string[]> {
  const stdout = await run(python, ["-c", UNSATISFIED, requirements]).catch((error: Error) => {
    throw new PythonEnvError(`cannot check ${requirements} with ${python}: ${lastLine(error.message)}`);
  });
  return stdout.split("\n").filter(Boolean);
}

async function pipInstall(run: Run, python: string, requirements: string): Promise<void> {
  const hasPip = await run(python, ["-m", "pip", "--version"]).then(
    () => true,
    () => false,
  );
  if (!hasPip) await run(python, ["-m", "ensurepip", "--default-pip"]);
  // Few retries: without a reachable index, say so in a minute rather than after pip's default five.
  const flags = ["--disable-pip-version-check", "--retries", "1", "--timeout", "15"];
  await run(python, ["-m", "pip", "install", ...flags, "-r", requirements]);
}

function runIn(env: NodeJS.ProcessEnv, command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${stderr || stdout || error.message}`.trim()));
      else resolve(stdout);
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? text;
}
