import { describe, expect, it } from "vitest";
import { runBenchScript } from "../test-support/bench-cli.js";

describe("cold-steps", () => {
  it("times every step of a cold start and the thread floors, as JSON with --json", async () => {
    const { code, stdout, stderr } = await runBenchScript(
      "cold-steps/main.ts",
      ["--models", "6", "--json"],
      150_000,
    );
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as {
      perModel: { step: string; p50: string }[];
      floors: { step: string }[];
    };
    expect(result.perModel.map((row) => row.step)).toEqual([
      "S3 GET over HTTP (AWS SDK → s3rver)",
      "store read in-process",
      "extract streamed (gunzip + untar, staged)",
      "extract in memory (one pass, staged)",
      "runtime load (layout, config, session)",
      "first inference",
    ]);
    for (const row of result.perModel) expect(Number(row.p50)).toBeGreaterThan(0);
    expect(result.floors).toHaveLength(4);
  }, 160_000);

  it("refuses a model count it cannot take a median from, with the fix", async () => {
    const { code, stderr } = await runBenchScript("cold-steps/main.ts", ["--models", "3"], 60_000);
    expect(code).toBe(2);
    expect(stderr).toContain("--models must be an integer above 5, e.g. --models 30");
  }, 70_000);
});
