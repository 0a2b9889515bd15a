// Starts `main.ts` as its own process (as SageMaker would run the container) and finds its URL.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface RuntimeProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRuntimeProcess(args: string[] = []): Promise<RuntimeProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", MAIN, "--port", "0", ...args],
    { cwd: REPO_ROOT, env: { ...process.env, MME_LOG_LEVEL: "silent" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (text: string) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) =>
      reject(new Error(`runtime exited with ${code} before listening: ${stderr}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    url,
    child,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
