// `pnpm bench -- --scenario churn --rate …` against the embedded emulator: cold and warm latencies come from
// each answer's X-Mme-Emulator-Model-Cache mark (recorded in separate histograms), not from the estimate.
// Orders only: a request that waited for a model load is slower than one that found it loaded.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RatesResult } from "./report/schema.js";
import { runBenchCli } from "./test-support/bench-cli.js";

const RUN_LIMIT_MS = 150_000;
let outDir: string | undefined;

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("pnpm bench --rate against the emulator", () => {
  it(
    "splits cold and warm answers by the emulator's mark",
    async () => {
      outDir = await mkdtemp(join(tmpdir(), "mme-bench-cold-warm-"));
      const run = await runBenchCli(
        [
          ...["--quick", "--scenario", "churn", "--churn-models", "12", "--churn-capacity", "4"],
          ...["--traffic", "uniform", "--rate", "20", "--duration", "3", "--window", "1"],
        ],
        outDir,
        RUN_LIMIT_MS,
      );
      expect(run.report.failures, run.stderr.slice(-2000)).toEqual([]);
      const rates = run.report.results.find((r): r is RatesResult => r.scenario === "rates");
      const step = rates?.steps[0];
      if (!step) throw new Error(`no open-loop step:\n${run.stderr.slice(-3000)}`);
      expect(step.coldWarmSource).toBe("x-mme-emulator-model-cache");
      // 12 models over 4 slots, drawn uniformly: both kinds of answer occur.
      expect(step.coldShare).toBeGreaterThan(0);
      expect(step.coldShare).toBeLessThan(1);
      expect(step.coldLatencyMs?.p50).toBeGreaterThan(step.warmLatencyMs?.p50 ?? Number.POSITIVE_INFINITY);
      expect(run.markdown).toContain("Cold / warm: as the emulator marked each answer");
    },
    RUN_LIMIT_MS + 10_000,
  );
});
