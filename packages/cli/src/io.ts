import { AsyncLocalStorage } from "node:async_hooks";
import { createInterface } from "node:readline/promises";

export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Everything a command reads from or writes to the outside, passed in so commands run in-process in tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether a person can answer questions (stdin is a terminal). */
  interactive: boolean;
  /** Asks a yes/no question; resolves false unless the answer starts with y. */
  confirm(question: string): Promise<boolean>;
  /** Run when the command ends (closing SDK clients, temp files). */
  cleanups: (() => void | Promise<void>)[];
}

const storage = new AsyncLocalStorage<CliIo>();

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY),
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
    cleanups: [],
  };
}

export function withIo<T>(io: CliIo, fn: () => Promise<T>): Promise<T> {
  return storage.run(io, fn);
}

/** The I/O of the command running now. */
export function cliIo(): CliIo {
  const io = storage.getStore();
  if (!io) throw new Error("cliIo() called outside runCli");
  return io;
}
