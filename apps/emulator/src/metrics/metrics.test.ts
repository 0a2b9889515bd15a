import { sampleValue } from "@mme/core/metrics";
import { cacheEvents } from "@mme/platform";
import { describe, expect, it } from "vitest";
import { EmulatorMetrics } from "./metrics.js";

const ENDPOINT = { endpointName: "ep", variantName: "AllTraffic" };
const ref = (targetModel: string) => ({
  endpointName: "ep",
  targetModel,
  bucket: "b",
  key: `p/${targetModel}`,
});

describe("EmulatorMetrics", () => {
  it("counts per endpoint and per model, and reuses one series per model across requests", async () => {
    const metrics = new EmulatorMetrics();
    for (const targetModel of ["a.tar.gz", "a.tar.gz", "b.tar.gz"]) {
      metrics.recordInvocation(
        { ...ENDPOINT, targetModel },
        { status: 200, modelError: false, overheadMicros: 10, cacheHit: true },
      );
    }
    const { body } = await metrics.render();
    expect(sampleValue(body, "Invocations", { EndpointName: "ep" })).toBe(3);
    expect(sampleValue(body, "mme_model_Invocations", { TargetModel: "a.tar.gz" })).toBe(2);
    expect(sampleValue(body, "mme_model_ModelCacheHit_sum", { TargetModel: "b.tar.gz" })).toBe(1);
  });

  it("drops a model's per-model series once the full disk tier lets it go, keeping the endpoint's", async () => {
    const metrics = new EmulatorMetrics();
    // What one instance's cache publishes; the metrics watch this emulator's scope only.
    const origin = { scope: {}, variantName: "AllTraffic", instanceId: "i-1" };
    const stop = metrics.watchCaches(origin.scope);
    const elsewhere = { ...origin, scope: {} };
    cacheEvents.loaded.publish({ origin: elsewhere, ref: ref("a.tar.gz"), micros: 1000, memoryBytes: 1 });
    for (const targetModel of ["a.tar.gz", "b.tar.gz"]) {
      cacheEvents.loaded.publish({ origin, ref: ref(targetModel), micros: 1000, memoryBytes: 1 });
      metrics.recordInvocation(
        { ...ENDPOINT, targetModel },
        { status: 200, modelError: false, overheadMicros: 10, cacheHit: false, waitMicros: 5 },
      );
    }
    cacheEvents.diskEvicted.publish({ origin, ref: ref("a.tar.gz"), reason: "disk-full" });
    const { body } = await metrics.render();
    expect(body).not.toContain('TargetModel="a.tar.gz"');
    expect(sampleValue(body, "mme_model_ModelLoadingTime_count", { TargetModel: "b.tar.gz" })).toBe(1);
    expect(sampleValue(body, "Invocations", { EndpointName: "ep" })).toBe(2);
    expect(sampleValue(body, "ModelLoadingTime_count", { EndpointName: "ep" })).toBe(2);
    // A Disabled endpoint's per-request deletion keeps the series (its counts are what its user watches).
    cacheEvents.diskEvicted.publish({ origin, ref: ref("b.tar.gz"), reason: "cache-disabled" });
    expect(
      sampleValue((await metrics.render()).body, "mme_model_ModelLoadingTime_count", {
        TargetModel: "b.tar.gz",
      }),
    ).toBe(1);
    // A later request for the evicted model starts its series afresh.
    metrics.recordInvocation(
      { ...ENDPOINT, targetModel: "a.tar.gz" },
      { status: 200, modelError: false, overheadMicros: 10 },
    );
    expect(
      sampleValue((await metrics.render()).body, "mme_model_Invocations", { TargetModel: "a.tar.gz" }),
    ).toBe(1);
    stop();
  });

  it("renders only the named metric families when asked", async () => {
    const metrics = new EmulatorMetrics();
    metrics.recordInvocation(
      { ...ENDPOINT, targetModel: "a.tar.gz" },
      { status: 200, modelError: false, overheadMicros: 10, cacheHit: true },
    );
    const { body } = await metrics.render(["ModelCacheHit", "NoSuchMetric"]);
    expect(sampleValue(body, "ModelCacheHit_count", { EndpointName: "ep" })).toBe(1);
    expect(body).not.toContain("mme_model_");
    expect(body).not.toContain("Invocations");
  });
});
