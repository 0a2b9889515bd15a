#!/usr/bin/env node
// `pnpm bench -- [options]`: progress on stderr, the summary and the report paths on stdout.

import { join } from "node:path";
import { REPO_ROOT, stopAllChildren } from "@mme/core/process";
import { HELP, parseOptions, UsageError } from "./cli/options.js";
import type { BenchReport } from "./report/schema.js";
import { renderSummary } from "./report/summary.js";
import { readReport, writeReport } from "./report/write.js";
import { runArtilleryExport, runBench } from "./run-bench.js";

const progress = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mme bench: ${error.message}\n${HELP}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (options.exportArtilleryFile) {
    const written = await runArtilleryExport(options, options.exportArtilleryFile, progress);
    process.stdout.write(
      `artillery script: ${written.script}\n          processor: ${written.processor}\n` +
        `run it: artillery run ${written.script}\n`,
    );
    return 0;
  }
  let compareWith: BenchReport | null = null;
  if (options.compareFile) {
    try {
      compareWith = await readReport(options.compareFile);
    } catch (error) {
      process.stderr.write(`mme bench: --compare: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const report = await runBench(options, progress);
  const written = await writeReport(
    report,
    options.outDir ?? join(REPO_ROOT, "benchmarks", "results"),
    compareWith,
  );
  process.stdout.write(`${renderSummary(report)}\nreport: ${written.markdown}\n        ${written.json}\n`);
  return report.failures.length === 0 ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the emulator and runtime`);
    void stopAllChildren().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`mme bench: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.MME_DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    process.exit(1);
  },
);
