import type { SimulatedModel, TraceRequest } from "@mme/core";
import { describe, expect, it } from "vitest";
import { type IcLayoutInput, icLayout, peakInFlight } from "./ic-layout.js";
import { simulate } from "./simulate.js";

const GB = 1e9;
const model = (targetModel: string, bytes = GB): SimulatedModel => ({
  targetModel,
  diskBytes: bytes,
  memoryBytes: bytes,
  coldLoadSeconds: 5,
  warmLoadSeconds: 3,
});

/** One model at 2 requests a second for an hour; 20 others asked once every 20 minutes each. */
function hotAndCold(): { models: SimulatedModel[]; requests: TraceRequest[] } {
  const cold = Array.from({ length: 20 }, (_, i) => `cold-${i}`);
  const requests: TraceRequest[] = [];
  for (let t = 0; t < 3600; t += 0.5) requests.push({ time: t, targetModel: "hot" });
  cold.forEach((name, i) => {
    for (let t = 7 + i * 11; t < 3600; t += 1200) requests.push({ time: t + 0.01, targetModel: name });
  });
  requests.sort((a, b) => a.time - b.time);
  return { models: [model("hot"), ...cold.map((name) => model(name))], requests };
}

const defaults = (input: Pick<IcLayoutInput, "models" | "requests">): IcLayoutInput => ({
  ...input,
  instanceType: "ml.m5.xlarge",
  cpusPerCopy: 1,
  acceleratorsPerCopy: 0,
  requestsPerCopy: 4,
  serviceSeconds: 0.01,
  scaleInSeconds: 15 * 60,
});

describe("the inference-component layout of a trace", () => {
  it("a hot model and many cold ones: IC keeps more instances than the MME needs, or makes more requests wait", async () => {
    const trace = hotAndCold();
    const ic = icLayout(defaults(trace));
    const mme = await simulate({
      ...trace,
      instanceCount: 2,
      memoryBytes: 16 * 1024 ** 3,
      diskBytes: 30 * 1024 ** 3,
      busyThreshold: 4,
      serviceSeconds: 0.01,
    });
    const mmeMissShare = 1 - mme.hitRatio;
    const coldRequests = trace.requests.filter((r) => r.targetModel !== "hot").length;

    // Kept: 21 copies of 1 CPU on 4-vCPU instances.
    expect(ic.copies).toBe(21);
    expect(ic.kept!.instances).toBe(6);
    expect(ic.kept!.instances).toBeGreaterThan(2);
    // Scale to zero: every request to a cold model finds it at 0 copies, 20 minutes after the last.
    // The hot model waits once too: its first 5 s of requests (10) wait for its first copy.
    expect(ic.scaleToZero!.waited).toBe(coldRequests + 10);
    expect(ic.scaleToZero!.waitShare).toBeGreaterThan(mmeMissShare);
    expect(ic.scaleToZero!.meanWaitSeconds).toBeCloseTo((coldRequests * 5 + 27.5) / (coldRequests + 10), 3);
    // ...and it pays for fewer instances than kept, more than the hot model alone.
    expect(ic.scaleToZero!.meanInstances).toBeLessThan(ic.kept!.instances);
    expect(ic.scaleToZero!.meanInstances).toBeGreaterThan(1);
    // The MME holds all 21 models on its 2 instances: only first loads miss.
    expect(mme.downloads).toBeLessThanOrEqual(2 * 21);
    expect(mmeMissShare).toBeLessThan(0.01);
  });

  it("copies follow the peak concurrency: 8 requests at once, 4 a copy → 2 copies", () => {
    const burst = Array.from({ length: 8 }, (_, i) => ({ time: 10 + i * 0.001, targetModel: "a" }));
    const layout = icLayout(defaults({ models: [model("a")], requests: burst }));
    expect(layout.models[0]).toMatchObject({ peakConcurrency: 8, copies: 2, memoryMbPerCopy: 954 });
    expect(layout.kept!.instances).toBe(1);
  });

  it("a model the trace never asks for gets no copies", () => {
    const layout = icLayout(
      defaults({ models: [model("a"), model("unused")], requests: [{ time: 1, targetModel: "a" }] }),
    );
    expect(layout.models.map((m) => m.copies)).toEqual([1, 0]);
  });

  it("one GPU per copy: each copy takes a whole ml.g5.xlarge", () => {
    const requests = ["a", "b", "c", "a"].map((targetModel, i) => ({ time: i, targetModel }));
    const layout = icLayout({
      ...defaults({ models: ["a", "b", "c"].map((name) => model(name)), requests }),
      instanceType: "ml.g5.xlarge",
      acceleratorsPerCopy: 1,
    });
    expect(layout.kept!.instances).toBe(3);
    expect(layout.scaleToZero!.peakInstances).toBe(3);
  });

  it("says which model's copy fits on no instance of the type", () => {
    const layout = icLayout(
      defaults({ models: [model("huge", 40 * GB)], requests: [{ time: 0, targetModel: "huge" }] }),
    );
    expect(layout.tooLarge).toEqual({
      targetModel: "huge",
      need: { cpus: 1, memoryMb: 38147, accelerators: 0 },
    });
    expect(layout.kept).toBeUndefined();
  });

  it("counts requests in flight at once over the service time", () => {
    expect(peakInFlight([0, 0.5, 1, 1.2, 5], 1)).toBe(3);
    expect(peakInFlight([0, 1, 2], 1)).toBe(1);
    expect(peakInFlight([], 1)).toBe(0);
  });
});
