import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OutputStream } from "../io.js";
import { runCli } from "../run-cli.js";

export interface MmeRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunMmeOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  interactive?: boolean;
  answer?: boolean;
}

/** Runs the CLI in-process with captured output and an injected environment. */
export async function runMme(argv: string[], options: RunMmeOptions = {}): Promise<MmeRun> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(argv, {
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), "mme-cwd-")),
    interactive: options.interactive ?? false,
    confirm: async () => options.answer ?? false,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function capture(): OutputStream & { text(): string } {
  const chunks: Buffer[] = [];
  return {
    isTTY: false,
    write(chunk: string | Uint8Array) {
      chunks.push(Buffer.from(chunk));
      return true;
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}
