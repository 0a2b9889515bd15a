// `mme plan --compare ic` as the root README types it: the MME table, the IC table and the verdict;
// with --json both sides and the verdict as data; bad values refused with one line.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runMme } from "@mme/cli/test-support";
import { REPO_ROOT } from "@mme/core/process";
import { describe, expect, it } from "vitest";
import { readmeCommands } from "../readme/readme-blocks.js";

const README = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const EXAMPLE = readmeCommands(README).find((c) => c.text.includes("--compare ic"));

/** The README's command as argv for the CLI (it holds no quotes or expansions to interpret). */
function readmeArgv(): string[] {
  expect(EXAMPLE, "the README has a `pnpm mme plan … --compare ic` example").toBeDefined();
  const words = EXAMPLE!.text.trim().split(/\s+/);
  expect(words.slice(0, 3)).toEqual(["pnpm", "mme", "plan"]);
  expect(EXAMPLE!.text).not.toMatch(/["'$`\\|;&]/);
  return words.slice(2);
}

interface PlanJson {
  rows: { instanceType: string; instanceCount: number; hitRatio: number; mmeMonthlyUsd: number }[];
  ic: {
    rows: {
      instanceType: string;
      copies: number;
      models: { targetModel: string; copies: number; waited: number }[];
      kept: { instances: number };
      keptMonthlyUsd: number;
      scaleToZero: { meanInstances: number; peakInstances: number; waitShare: number };
      scaleToZeroMonthlyUsd: number;
    }[];
    verdict: {
      mme: { instanceCount: number; monthlyUsd: number; waitShare: number };
      ic: { monthlyUsd: number; waitShare: number; keptMonthlyUsd: number };
      cheaper: string;
      fewerWaits: string;
      text: string;
    };
  };
}

describe("mme plan --compare ic (the README's example)", () => {
  it("prints the MME table, then the IC table and a one-line verdict", async () => {
    const run = await runMme(readmeArgv());
    expect(run.code, run.stderr).toBe(0);
    const [mme, ic] = run.stdout.split("\n\n");
    expect(mme).toMatch(/^instance type\s+count\s+hit ratio/);
    expect(mme!.split("\n")).toHaveLength(4);
    expect(ic).toMatch(/^instance type\s+IC layout\s+copies\s+instances\s+waits/);
    expect(ic).toMatch(/^ml\.m5\.xlarge\s+copies kept\s+50\s+\d+\s+0\.000\s+0 ms\s+\$[\d,]+\.\d\d$/m);
    expect(ic).toMatch(/^ml\.m5\.xlarge\s+scale to zero\s+50\s+[\d.]+ mean, \d+ peak\s+0\.\d{3}\s+\d+ ms/m);
    expect(ic).toMatch(/^copies per model \(peak requests in flight ÷ --busy-threshold\): /m);
    const verdicts = run.stdout.split("\n").filter((line) => line.startsWith("verdict: "));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatch(
      /^verdict: MME on \d+ × ml\.m5\.xlarge \$[\d,.]+\/month, [\d.]+ % of requests miss the cache; IC scaled to zero \$[\d,.]+\/month, [\d.]+ % wait for a copy to start \(copies kept: \$[\d,.]+, no waits\) → /,
    );
    expect(run.stderr).toContain("laying out 50 models as inference components on ml.m5.xlarge…");
  });

  it("--json carries both sides: a long tail costs IC more instances than the MME, or more waits", async () => {
    const run = await runMme([...readmeArgv(), "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.rows.map((r) => r.instanceCount)).toEqual([1, 2, 4]);
    const [ic] = plan.ic.rows;
    const { verdict } = plan.ic;
    // 50 models of 1 GB, one CPU a copy, on 4-vCPU instances: kept, at least 13 instances.
    expect(ic!.copies).toBe(50);
    expect(ic!.kept.instances).toBeGreaterThanOrEqual(13);
    expect(ic!.kept.instances).toBeGreaterThan(verdict.mme.instanceCount);
    // Scaled to zero, the tail's requests wait for copies to start; cheaper than kept, never free.
    expect(ic!.scaleToZero.waitShare).toBeGreaterThan(0);
    expect(ic!.scaleToZeroMonthlyUsd).toBeLessThan(ic!.keptMonthlyUsd);
    expect(ic!.models.filter((m) => m.waited > 0).length).toBeGreaterThan(10);
    expect(verdict.cheaper).toBe("mme");
    expect(verdict.ic.monthlyUsd).toBe(ic!.scaleToZeroMonthlyUsd);
    expect(verdict.mme.monthlyUsd).toBe(
      plan.rows.find((r) => r.instanceCount === verdict.mme.instanceCount)!.mmeMonthlyUsd,
    );
    expect(
      verdict.ic.monthlyUsd > verdict.mme.monthlyUsd || verdict.ic.waitShare > verdict.mme.waitShare,
    ).toBe(true);
  });

  it("one GPU a copy on ml.g5.xlarge: kept IC costs one instance per model", async () => {
    const run = await runMme([
      "plan",
      "--models",
      "10",
      "--instance-counts",
      "1",
      "--hours",
      "0.05",
      "--offline-prices",
      "--compare",
      "ic",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanJson;
    expect(plan.ic.rows[0]).toMatchObject({ instanceType: "ml.g5.xlarge", kept: { instances: 10 } });
    expect(plan.ic.rows[0]!.keptMonthlyUsd).toBe(10_152);
  });

  it("says which model's copy fits on no instance of a type", async () => {
    const run = await runMme([
      "plan",
      "--models",
      "2",
      "--model-size",
      "40GB",
      "--instance-types",
      "ml.m5.xlarge",
      "--instance-counts",
      "1",
      "--hours",
      "0.01",
      "--offline-prices",
      "--compare",
      "ic",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^ml\.m5\.xlarge\s+a copy of model-0\.tar\.gz \(1 CPU cores, 38147 MB memory\) fits on none$/m,
    );
    expect(run.stdout).toMatch(
      /^verdict: .*IC: a copy of model-0\.tar\.gz fits on no ml\.m5\.xlarge → IC needs a larger instance type$/m,
    );
  });

  it("refuses bad values with one line", async () => {
    const compare = await runMme(["plan", "--models", "2", "--offline-prices", "--compare", "serverless"]);
    expect(compare.code).toBe(2);
    expect(compare.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/--compare takes ic, got "serverless"/),
    ]);
    const cpus = await runMme([
      "plan",
      "--models",
      "2",
      "--offline-prices",
      "--compare",
      "ic",
      "--copy-cpus",
      "0",
    ]);
    expect(cpus.code).toBe(2);
    expect(cpus.stderr).toMatch(/--copy-cpus must be a number of at least 0\.25, got "0"/);
  });
});
