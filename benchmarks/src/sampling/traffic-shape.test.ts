import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrafficShape, readTraceTraffic, shapeWeights, targetSequence } from "./traffic-shape.js";

describe("traffic shapes", () => {
  it("parses each --traffic form and refuses others with the syntax", () => {
    expect(parseTrafficShape("zipf:1.2")).toEqual({ kind: "zipf", s: 1.2 });
    expect(parseTrafficShape("top-n:11/89")).toEqual({ kind: "top-n", n: 11, percent: 89 });
    expect(parseTrafficShape("uniform")).toEqual({ kind: "uniform" });
    expect(parseTrafficShape("trace:day.jsonl")).toEqual({ kind: "trace", file: "day.jsonl" });
    expect(() => parseTrafficShape("pareto:1")).toThrow(/zipf:S \| top-n:N\/PCT \| uniform \| trace:FILE/);
    expect(() => parseTrafficShape("top-n:11/189")).toThrow(/PCT ≤ 100/);
  });

  it("sends PCT % of the traffic to the top N models (the AWS samples' 89 % to 11 of 990)", () => {
    const next = targetSequence({ kind: "top-n", n: 11, percent: 89 }, 990, 7, null);
    const draws = Array.from({ length: 20_000 }, next);
    const hot = draws.filter((i) => i < 11).length / draws.length;
    expect(hot).toBeGreaterThan(0.87);
    expect(hot).toBeLessThan(0.91);
    expect(new Set(draws.filter((i) => i >= 11)).size).toBeGreaterThan(800);
    const weights = shapeWeights({ kind: "top-n", n: 11, percent: 89 }, 990);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it("replays a trace in mme plan's format: its models in order of first use, its requests in order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mme-trace-"));
    try {
      const file = join(dir, "day.jsonl");
      await writeFile(
        file,
        [
          '{"time": 0.5, "targetModel": "b.tar.gz"}',
          '{"time": 0, "targetModel": "a.tar.gz"}',
          "plain log line",
          '{"time": 2, "targetModel": "a.tar.gz"}',
        ].join("\n"),
      );
      const trace = await readTraceTraffic(file);
      expect(trace.models).toEqual(["a.tar.gz", "b.tar.gz"]);
      expect(trace.timesS).toEqual([0, 0.5, 2]);
      const next = targetSequence({ kind: "trace", file }, 2, 1, trace);
      expect(Array.from({ length: 4 }, next)).toEqual([0, 1, 0, 0]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
