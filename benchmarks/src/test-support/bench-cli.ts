// `pnpm bench` as a user runs it (main.ts from source), into an output folder; its report read back.
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "@mme/core/process";
import { BenchReport } from "../report/schema.js";

export interface BenchCliRun {
  code: number | null;
  stderr: string;
  report: BenchReport;
  markdown: string;
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a benchmarks entry point from source as a user runs its build; past `limitMs` it gets SIGTERM. */
export async function runBenchScript(script: string, args: string[], limitMs: number): Promise<ScriptRun> {
  let stdout = "";
  let stderr = "";
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", join(REPO_ROOT, "benchmarks/src", script), ...args],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const limit = setTimeout(() => child.kill("SIGTERM"), limitMs);
    child.once("exit", (exitCode) => {
      clearTimeout(limit);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}

/** Past `limitMs` the run is stopped (SIGTERM stops its emulator too) and this throws with its output. */
export async function runBenchCli(args: string[], outDir: string, limitMs: number): Promise<BenchCliRun> {
  const { code, stderr } = await runBenchScript("main.ts", [...args, "--out", outDir], limitMs);
  const json = (await readdir(outDir)).find((f) => f.endsWith(".json"));
  if (!json)
    throw new Error(`bench ${args.join(" ")} exited ${code} without a report:\n${stderr.slice(-3000)}`);
  const report = BenchReport.parse(JSON.parse(await readFile(join(outDir, json), "utf8")));
  const markdown = await readFile(join(outDir, json.replace(/\.json$/, ".md")), "utf8");
  return { code, stderr, report, markdown };
}
