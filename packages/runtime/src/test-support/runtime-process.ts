// Starts `main.ts` as its own process (as SageMaker would run the container) and finds its URL.
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startChild } from "@mme/core/process";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

export interface RuntimeProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startRuntimeProcess(args: string[] = []): Promise<RuntimeProcess> {
  const program = startChild(
    "the runtime",
    ["--conditions=source", "--import", "tsx", MAIN, "--port", "0", ...args],
    {
      env: { ...process.env, MME_LOG_LEVEL: "silent" },
    },
  );
  const [, url = ""] = await program.waitForLine(/listening on (http:\/\/\S+)/, 60_000);
  return {
    url,
    child: program.child,
    stop: async () => {
      await program.stop();
    },
  };
}
