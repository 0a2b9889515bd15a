// A terminal as a README reader has one: commands typed one after another into bash, each seeing the
// variables an earlier one exported and the folder an earlier `cd` left; a long-running command
// (`pnpm start`) runs in a terminal of its own and is stopped with Ctrl-C (SIGINT to its process group).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Server {
  /** Its output so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects if it exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Ctrl-C, then its exit code (SIGKILL to the group after 30 s). */
  stop(): Promise<number | null>;
}

export class ShellSession {
  private readonly servers = new Set<Server>();

  private constructor(
    private env: NodeJS.ProcessEnv,
    private cwd: string,
    private readonly stateDir: string,
  ) {}

  static async open(env: NodeJS.ProcessEnv, cwd: string): Promise<ShellSession> {
    return new ShellSession(env, cwd, await mkdtemp(join(tmpdir(), "mme-shell-")));
  }

  /** Runs one command in bash and keeps the environment and folder it leaves, as a terminal would. */
  async run(command: string, timeoutMs: number): Promise<CommandRun> {
    const envFile = join(this.stateDir, "env");
    const pwdFile = join(this.stateDir, "pwd");
    const script = `${command}\n__rc=$?; env -0 > '${envFile}'; pwd > '${pwdFile}'; exit $__rc`;
    const child = spawn("bash", ["-c", script], { cwd: this.cwd, env: this.env, detached: true });
    const run = await collect(child, timeoutMs);
    if (run.code !== null) {
      const pairs = (await readFile(envFile, "utf8")).split("\0").filter(Boolean);
      this.env = Object.fromEntries(
        pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
      );
      this.cwd = (await readFile(pwdFile, "utf8")).trim();
    }
    return run;
  }

  /** Starts a long-running command in a terminal of its own. */
  start(command: string): Server {
    const child = spawn("bash", ["-c", command], { cwd: this.cwd, env: this.env, detached: true });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const listeners = new Set<() => void>();
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      for (const listener of listeners) listener();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const server: Server = {
      output: () => output,
      waitFor: (pattern, timeoutMs) =>
        new Promise((resolve, reject) => {
          const finish = (fn: () => void) => {
            clearTimeout(timer);
            listeners.delete(check);
            fn();
          };
          const check = () => {
            const match = output.match(pattern);
            if (match) finish(() => resolve(match));
          };
          const timer = setTimeout(
            () =>
              finish(() =>
                reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`)),
              ),
            timeoutMs,
          );
          listeners.add(check);
          check();
          void exited.then((code) =>
            finish(() =>
              reject(new Error(`exited (code ${code}) before ${pattern}; output:\n${output.slice(-3000)}`)),
            ),
          );
        }),
      stop: async () => {
        this.servers.delete(server);
        if (child.exitCode === null && child.signalCode === null) {
          signalGroup(child, "SIGINT");
          const killer = setTimeout(() => signalGroup(child, "SIGKILL"), 30_000);
          await exited;
          clearTimeout(killer);
        }
        return child.exitCode;
      },
    };
    this.servers.add(server);
    return server;
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers].map((server) => server.stop()));
    await rm(this.stateDir, { recursive: true, force: true });
  }
}

function collect(child: ChildProcess, timeoutMs: number): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}
