// What the numbers were measured on: CPU, cores, memory, GPUs (nvidia-smi when present), versions.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import { promisify } from "node:util";
import type { Machine, Versions } from "../report/schema.js";

const run = promisify(execFile);

async function commandOutput(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run(cmd, args, { timeout: 5000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

async function probeGpus(): Promise<Machine["gpus"]> {
  const out = await commandOutput("nvidia-smi", [
    "--query-gpu=name,memory.total,driver_version",
    "--format=csv,noheader,nounits",
  ]);
  if (!out) return [];
  return out
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [name = "unknown", memory, driver] = line.split(",").map((s) => s.trim());
      const memoryMiB = Number(memory);
      return { name, memoryMiB: Number.isFinite(memoryMiB) ? memoryMiB : null, driver: driver ?? null };
    });
}

export async function probeMachine(): Promise<Machine> {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
    gpus: await probeGpus(),
  };
}

/** The installed version of a package as resolved from `fromFile`, or null. */
async function packageVersion(name: string, fromFile: string): Promise<string | null> {
  try {
    const require = createRequire(fromFile);
    const pkg = JSON.parse(await readFile(require.resolve(`${name}/package.json`), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? null;
  } catch {
    return null;
  }
}

export async function probeVersions(repoRoot: string): Promise<Versions> {
  const rootPkg = JSON.parse(await readFile(`${repoRoot}/benchmarks/package.json`, "utf8")) as {
    version: string;
  };
  return {
    node: process.version,
    mme: rootPkg.version,
    gitCommit: await commandOutput("git", ["-C", repoRoot, "rev-parse", "HEAD"]),
    autocannon: await packageVersion("autocannon", import.meta.url),
    onnxruntime: await packageVersion("onnxruntime-node", `${repoRoot}/packages/runtime/package.json`),
  };
}
