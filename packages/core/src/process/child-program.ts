// A child program (emulator, runtime, moto) whose output is kept for error messages, that is ready once it
// prints a given line, and is stopped with SIGTERM: the one spawn-and-wait-until-ready helper.

import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "./repo-root.js";

export class ChildProgramError extends Error {
  override readonly name = "ChildProgramError";
}

export interface ChildProgram {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last lines it printed, for error messages. */
  tail(): string;
  /** Why it is gone ("exited with code 1: <last lines>"), or null while it runs. */
  exitReport(): string | null;
  /** Waits for an output line matching `pattern` (e.g. the "ready on URL" line); fails if the program exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM (SIGKILL after 10 s), then its exit code (null when a signal ended it). */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProgram>();

/** Stops every child still running (on SIGINT/SIGTERM, so no emulator outlives the benchmark). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

export interface StartChildOptions {
  env?: NodeJS.ProcessEnv;
  /** The program to run; default this node (`args` then start with its script). */
  command?: string;
  /** Default: the repository root. */
  cwd?: string;
}

export function startChild(label: string, args: string[], options: StartChildOptions = {}): ChildProgram {
  const child: ChildProcess = spawn(options.command ?? process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      lines.push(line);
      for (const watch of watchers) watch(line);
    }
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null | undefined;
  let exitSignal: NodeJS.Signals | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = code;
      exitSignal = signal;
      resolve();
    });
  });
  if (child.pid === undefined) throw new ChildProgramError(`${label} did not start`);
  const tail = () => lines.slice(-15).join("\n");
  const program: ChildProgram = {
    pid: child.pid,
    child,
    tail,
    exitReport: () =>
      exited === undefined
        ? null
        : `${label} exited (${exitSignal ?? `code ${exited}`}); last output:\n${tail()}`,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = (fn: () => void) => {
          clearTimeout(timer);
          watchers.delete(watch);
          fn();
        };
        const watch = (line: string) => {
          const match = line.match(pattern);
          if (match) done(() => resolve(match));
        };
        const timer = setTimeout(
          () =>
            done(() =>
              reject(
                new ChildProgramError(`${label} printed no ${pattern} within ${timeoutMs} ms:\n${tail()}`),
              ),
            ),
          timeoutMs,
        );
        watchers.add(watch);
        for (const line of lines) watch(line);
        void exit.then(() =>
          done(() =>
            reject(new ChildProgramError(`${label} exited (code ${exited}) before it was ready:\n${tail()}`)),
          ),
        );
      });
    },
    async stop() {
      if (exited === undefined) {
        child.kill("SIGTERM");
        // A generous grace: an orderly shutdown (drain, unload, stop S3) on a loaded 2-core machine can take
        // seconds, and a SIGKILL would read as an unclean exit.
        const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        await exit;
        clearTimeout(killer);
      }
      running.delete(program);
      return exited ?? null;
    },
  };
  running.add(program);
  return program;
}
