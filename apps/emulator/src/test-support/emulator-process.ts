// The emulator as a user starts it (src/main.ts under tsx, so no build is needed), on free ports, with its
// data under a temp folder; resolves once it prints its ready line. The free ports come after `args`, so
// `args` may start as `pnpm start -- …` hands them on (with the `--`).
import { type ChildProcess, spawn } from "node:child_process";
import { REPO_ROOT } from "../config/emulator-config.js";

export interface EmulatorProcess {
  url: string;
  s3Url: string;
  child: ChildProcess;
  /** Everything written so far (pino JSON logs on stdout, errors on stderr). */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

const READY = /mme emulator ready: SageMaker API (\S+), S3 (\S+?)[;\s]/;

export function startEmulatorProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
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
    {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let text = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${why}; output:\n${text}`));
    };
    const timer = setTimeout(() => fail(`the emulator was not ready within ${timeoutMs} ms`), timeoutMs);
    exited.then((code) => fail(`the emulator exited with code ${code} before it was ready`));
    child.stdout.on("data", () => {
      const match = READY.exec(text);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        s3Url: match[2]!,
        child,
        output: () => text,
        stop: async () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}
