// The emulator as a user starts it (src/main.ts under tsx, so no build is needed), on free ports, with its
// data under a temp folder; resolves once it prints its ready line. The free ports come after `args`, so
// `args` may start as `pnpm start -- …` hands them on (with the `--`).
import type { ChildProcess } from "node:child_process";
import { startChild } from "@mme/core/process";

export interface EmulatorProcess {
  url: string;
  s3Url: string;
  child: ChildProcess;
  /** The last lines it wrote (pino JSON logs on stdout, errors on stderr). */
  output(): string;
  /** A line it wrote, or writes within `timeoutMs`, matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const READY = /mme emulator ready: SageMaker API (\S+), S3 ([^\s;]+)/;

export async function startEmulatorProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<EmulatorProcess> {
  const program = startChild(
    "the emulator",
    [
      "--conditions=source",
      "--import",
      "tsx",
      "apps/emulator/src/main.ts",
      ...args,
      "--port",
      "0",
      "--s3-port",
      "0",
    ],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env } },
  );
  const [, url = "", s3Url = ""] = await program
    .waitForLine(READY, timeoutMs)
    .catch(async (error: unknown) => {
      await program.stop();
      throw error;
    });
  return {
    url,
    s3Url,
    child: program.child,
    output: () => program.tail(),
    waitForLine: (pattern, ms = timeoutMs) => program.waitForLine(pattern, ms),
    stop: () => program.stop(),
  };
}
