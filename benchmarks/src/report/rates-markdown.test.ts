import { describe, expect, it } from "vitest";
import { sampleReport } from "../test-support/sample-report.js";
import { renderMarkdown } from "./markdown.js";
import { BenchReport, type RateStep, type RatesResult } from "./schema.js";

const step = (rate: number, p99: number, meets: boolean): RateStep => ({
  rate,
  sent: rate * 6,
  answered: rate * 6,
  throughput: rate,
  latencyMs: { min: 1, mean: 5, p50: 4, p90: 8, p95: 10, p99, max: p99 * 1.2 },
  stable: rate < 400,
  windows: rate < 400 ? 3 : 5,
  maxInFlightBound: rate < 400 ? 0 : 17,
  errors: rate < 400 ? {} : { "429 ThrottlingException": 3 },
  hitRatio: 0.9,
  coldShare: 0.1,
  warmLatencyMs: { p50: 3.5, p99: 9 },
  coldLatencyMs: { p50: 60, p99: p99 },
  coldWarmSource: "x-mme-emulator-model-cache",
  meetsSlo: meets,
});

function withRates(target: string, steps: RateStep[], rate: number): BenchReport {
  const base = sampleReport();
  const rates: RatesResult = {
    scenario: "rates",
    of: "churn",
    model: "add_sub_onnx",
    endpointName: "mme-bench-churn",
    traffic: "top-n:6/89",
    models: 60,
    arrivals: "constant",
    maxInFlight: 256,
    windowS: 2,
    stepLimitS: 10,
    tolerance: 0.1,
    steps,
    slo: {
      percentile: "p99",
      thresholdMs: 200,
      rate,
      invocationsPerMinute: rate * 60,
      firstMissRate: rate * 2,
      step: steps.find((s) => s.rate === rate) ?? null,
      instanceType: "ml.m5.xlarge",
      instanceCount: 1,
      pricePerHour: 0.269,
      priceSource: "offline table",
      costPerMillion: (0.269 / (rate * 3600)) * 1e6,
    },
  };
  return BenchReport.parse({ ...base, config: { ...base.config, target }, results: [rates] });
}

describe("open-loop sections of the Markdown report", () => {
  const local = withRates(
    "embedded",
    [step(100, 50, true), step(200, 150, true), step(400, 900, false)],
    200,
  );

  it("tabulates each rate (sent/answered, open-loop percentiles, stability, waits, hit ratio, cold share, errors by type) and the SLO's answer", () => {
    const md = renderMarkdown(local, null);
    expect(md).toContain(
      "| 400.0 | 2400 | 2400 | 400.0 | 4.00 | 8.00 | 900 | 1080 | no (5 windows) | 17 | 90.0 % | 10.0 % |",
    );
    expect(md).toContain("3 × 429 ThrottlingException");
    expect(md).toContain("Cold / warm: as the emulator marked each answer (X-Mme-Emulator-Model-Cache");
    expect(md).toContain("**200.0/s = 12000 invocations per minute**");
    expect(md).toContain("**$0.37 per million invocations**");
  });

  it("puts a run of the same shape elsewhere (--compare) beside this one, rate by rate", () => {
    const aws = withRates(
      "https://runtime.sagemaker.eu-west-1.amazonaws.com",
      [step(100, 80, true), step(800, 300, false)],
      100,
    );
    const md = renderMarkdown(local, null, null, aws);
    // SageMaker marks no answer: its own section says its split is the ModelCacheHit estimate, or absent.
    const estimated = withRates(
      "https://runtime.sagemaker.eu-west-1.amazonaws.com",
      [{ ...step(100, 80, true), coldWarmSource: "ModelCacheHit" }],
      100,
    );
    expect(renderMarkdown(estimated, null)).toContain("Cold / warm, estimated: the target marks no answer");
    expect(md).toContain("## Beside https://runtime.sagemaker.eu-west-1.amazonaws.com");
    expect(md).toMatch(/\| 800\.0 \| – \| – \| – \| – \| – \| – \| 4800\/4800 \| 4\.00 \| 300 \| no \|/);
    expect(md).toContain(
      "- https://runtime.sagemaker.eu-west-1.amazonaws.com: Highest rate with p99 ≤ 200 ms",
    );
  });
});
