// `pnpm bench --quick` end to end against the embedded stack: the report is valid and its invariants
// hold. Never a speed: only counts, ratios within their bounds, and zero errors where zero is the rule.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BenchReport } from "./report/schema.js";
import { runBenchCli } from "./test-support/bench-cli.js";

/** How far the measured hit ratio may sit above the offline LRU replay: concurrency reorders requests. */
const HIT_RATIO_NOISE = 0.05;

let outDir: string;
let report: BenchReport;
let markdown: string;
let stderr = "";
/** Past this the run is stopped (SIGTERM stops its emulator too) and the test fails with its output. */
const RUN_LIMIT_MS = 100_000;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "mme-bench-quick-"));
  ({ report, markdown, stderr } = await runBenchCli(["--quick", "--duration", "1"], outDir, RUN_LIMIT_MS));
}, 120_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("pnpm bench --quick on the embedded stack", () => {
  it("runs every scenario without a failure and writes a schema-valid report", () => {
    expect(report.failures, stderr.slice(-2000)).toEqual([]);
    expect(new Set(report.results.map((r) => r.scenario))).toEqual(
      new Set(["cold-start", "warm", "churn", "stampede", "image", "scale"]),
    );
    expect(report.config.quick).toBe(true);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(markdown).toContain("### Churn:");
    expect(markdown).toMatch(/!\[Latency percentiles per scenario\]\(\.\/.+\.svg\)/);
    expect(markdown).toMatch(/!\[Latency, hit ratio and emulator RSS over time\]\(\.\/.+-timeline\.svg\)/);
  });

  it("loads a stampeded cold model exactly once", () => {
    const stampede = report.results.find((r) => r.scenario === "stampede");
    expect(stampede?.scenario).toBe("stampede");
    if (stampede?.scenario !== "stampede") return;
    expect(stampede.errors).toBe(0);
    expect(stampede.downloads).toBe(1);
    expect(stampede.extractions).toBe(1);
    expect(stampede.loads).toBe(1);
  });

  it("churns without errors, with a hit ratio in [0,1] not above the ideal LRU's by more than noise", () => {
    const churns = report.results.filter((r) => r.scenario === "churn");
    expect(churns.map((c) => c.connections)).toEqual([1, 4]);
    for (const churn of churns) {
      if (churn.scenario !== "churn") continue;
      expect(churn.errors).toBe(0);
      expect(churn.requests).toBeGreaterThan(0);
      expect(churn.hitRatio).not.toBeNull();
      expect(churn.hitRatio).toBeGreaterThanOrEqual(0);
      expect(churn.hitRatio).toBeLessThanOrEqual(1);
      expect(churn.hitRatio).toBeLessThanOrEqual(churn.idealLruHitRatio + HIT_RATIO_NOISE);
      expect(churn.evictions).toBeGreaterThan(0); // M > K: the budget was exercised
      expect(churn.latencyOverTime.length).toBeGreaterThan(0);
    }
  });

  it("serves a fleet of distinct models without errors, with full tiers in both scale phases", () => {
    const scale = report.results.find((r) => r.scenario === "scale");
    if (scale?.scenario !== "scale") throw new Error("no scale result");
    expect(scale.phases.map((p) => p.knownModels)).toEqual([scale.models / 10, scale.models]);
    for (const phase of scale.phases) {
      expect(phase.errors).toBe(0);
      expect(phase.requests).toBeGreaterThan(0);
      expect(phase.hitRatio).not.toBeNull();
      expect(phase.statusBytes).toBeGreaterThan(0);
      expect(phase.metricsBytes).toBeGreaterThan(0);
    }
    expect(markdown).toContain("### Scale:");
  });

  it("at one connection, hits exactly as often as a perfect LRU replaying the same trace", () => {
    const one = report.results.find((r) => r.scenario === "churn" && r.connections === 1);
    if (one?.scenario !== "churn") throw new Error("no 1-connection churn result");
    expect(Math.abs((one.hitRatio ?? -1) - one.idealLruHitRatio)).toBeLessThanOrEqual(0.005);
    expect(one.concurrentLruHitRatio).toBeNull();
  });

  it("splits every cold start into download, extraction and load, and compares warm load with the container alone", () => {
    const colds = report.results.filter((r) => r.scenario === "cold-start");
    expect(colds.length).toBe(2);
    for (const cold of colds) {
      if (cold.scenario !== "cold-start") continue;
      expect(cold.errors).toBe(0);
      expect(cold.phasesMs.download).not.toBeNull();
      expect(cold.phasesMs.extract).not.toBeNull();
      expect(cold.phasesMs.load).not.toBeNull();
    }
    const warm = report.results.find((r) => r.scenario === "warm");
    if (warm?.scenario !== "warm") throw new Error("no warm result");
    for (const run of warm.runs) {
      expect(run.emulator.errors + run.emulator.non2xx).toBe(0);
      expect(run.direct).not.toBeNull();
      expect(run.direct?.errors).toBe(0);
      expect(run.direct?.non2xx).toBe(0);
      expect(run.throughputRatio).toBeGreaterThan(0);
      // Emulator and direct windows alternate; the ratio is a round's own, not one of two moments.
      expect(run.rounds?.length).toBeGreaterThanOrEqual(3);
      expect(run.rounds?.map((round) => round.throughputRatio)).toContain(run.throughputRatio);
    }
  });
});
