// Runs the `mme` CLI as a user would: the built binary when present, else the sources through tsx.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./settings.js";

const run = promisify(execFile);

export interface CliResult {
  stdout: string;
  stderr: string;
}

export async function mme(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const built = join(REPO_ROOT, "packages/cli/dist/main.js");
  const argv = existsSync(built)
    ? [join(REPO_ROOT, "packages/cli/bin/mme.js"), ...args]
    : ["--conditions=source", "--import", "tsx", join(REPO_ROOT, "packages/cli/src/main.ts"), ...args];
  try {
    const { stdout, stderr } = await run(process.execPath, argv, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr };
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`mme ${args.join(" ")} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Global flags pointing the CLI's --local profile at containers on mapped ports. */
export function localFlags(endpointUrl: string, s3EndpointUrl: string): string[] {
  return ["--local", "--endpoint-url", endpointUrl, "--s3-endpoint-url", s3EndpointUrl];
}
