import { describe, expect, it } from "vitest";
import { parsePrometheusText, sumOf } from "./prometheus-text.js";

const EXPOSITION = `# HELP ModelLoadingTime Time the container took to load a model (µs)
# TYPE ModelLoadingTime histogram
ModelLoadingTime_bucket{le="100",EndpointName="bench",VariantName="AllTraffic"} 0
ModelLoadingTime_bucket{le="+Inf",EndpointName="bench",VariantName="AllTraffic"} 2
ModelLoadingTime_sum{EndpointName="bench",VariantName="AllTraffic"} 51234.5
ModelLoadingTime_count{EndpointName="bench",VariantName="AllTraffic"} 2
mme_model_ModelLoadingTime_count{EndpointName="bench",VariantName="AllTraffic",TargetModel="a \\"b\\".tar.gz"} 1
mme_model_ModelLoadingTime_count{EndpointName="other",VariantName="AllTraffic",TargetModel="c.tar.gz"} 4
process_start_time_seconds 1700000000 1700000000000
`;

describe("parsePrometheusText", () => {
  it("reads names, labels (with escapes) and values, skipping comments", () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(samples).toHaveLength(7);
    expect(samples[1]).toEqual({
      name: "ModelLoadingTime_bucket",
      labels: { le: "+Inf", EndpointName: "bench", VariantName: "AllTraffic" },
      value: 2,
    });
    expect(samples[4]?.labels.TargetModel).toBe('a "b".tar.gz');
    expect(samples[6]).toEqual({ name: "process_start_time_seconds", labels: {}, value: 1_700_000_000 });
  });

  it("sums the series that match a label filter", () => {
    const samples = parsePrometheusText(EXPOSITION);
    expect(sumOf(samples, "ModelLoadingTime_sum", { EndpointName: "bench" })).toBe(51234.5);
    expect(sumOf(samples, "mme_model_ModelLoadingTime_count")).toBe(5);
    expect(sumOf(samples, "mme_model_ModelLoadingTime_count", { TargetModel: "c.tar.gz" })).toBe(4);
    expect(sumOf(samples, "missing")).toBe(0);
  });
});
