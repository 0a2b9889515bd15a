import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.resetModules();
});

describe("coldTrace", () => {
  it("is off unless MME_TRACE_COLD is set", async () => {
    vi.stubEnv("MME_TRACE_COLD", "");
    const { coldTrace } = await import("./cold-trace.js");
    expect(coldTrace).toBeUndefined();
  });

  it("writes one JSON line per cold request: each mark since arrival, in order, and the loop's share", async () => {
    vi.stubEnv("MME_TRACE_COLD", "1");
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const { coldTrace } = await import("./cold-trace.js");
    coldTrace?.mark("before any request");
    coldTrace?.begin(performance.now());
    coldTrace?.mark("routed");
    await new Promise((resolve) => setImmediate(resolve));
    coldTrace?.mark("extracted");
    coldTrace?.end("answered");
    coldTrace?.mark("after the answer");

    expect(written).toHaveLength(1);
    const [prefix, json] = [written[0]?.slice(0, 15), written[0]?.slice(15) ?? ""];
    expect(prefix).toBe("mme-cold-trace ");
    const timeline = JSON.parse(json);
    expect(timeline.marks.map(([step]: [string]) => step)).toEqual(["routed", "extracted", "answered"]);
    const times = timeline.marks.map(([, ms]: [string, number]) => ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.totalMs).toBe(times.at(-1));
    expect(timeline.loopBusy).toBeGreaterThanOrEqual(0);
    expect(timeline.loopBusy).toBeLessThanOrEqual(1);
    expect(timeline.cpuMs).toBeGreaterThanOrEqual(0);
  });
});
