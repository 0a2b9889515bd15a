// The open-loop sender against loopback servers of known behaviour: a stall is charged to every request due
// during it (closed loops count it once), and a step is stable only when its windows agree. Orders and bounds,
// never a speed.
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test-support/test-servers.js";
import { arrivalSchedule } from "./arrivals.js";
import { runLoad } from "./autocannon-run.js";
import { runOpenLoop } from "./open-loop-run.js";
import { runStableLoad } from "./stable-closed-loop.js";

const body = new TextEncoder().encode('{"inputs":[]}');
const headers = { "content-type": "application/json" };
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const openLoop = (url: string, rate: number, windowS: number, limitS: number) =>
  runOpenLoop({
    url,
    body,
    nextHeaders: () => headers,
    schedule: arrivalSchedule("constant", rate, 1),
    maxInFlight: 256,
    windows: { windowS, limitS, tolerance: 0.1 },
  });

describe("open loop", () => {
  it("charges a server's stalls to every request due during them, where a closed loop counts each once", async () => {
    const stallMs = 600;
    server = await startTestServer({ stall: { everyMs: 1500, ms: stallMs } });
    const closed = await runLoad({ url: server.url, headers, body, connections: 1, durationS: 3 });
    const open = await openLoop(server.url, 100, 1, 3);
    expect(closed.run.errors + closed.run.non2xx).toBe(0);
    expect(open.errors).toEqual({});
    expect(open.answered).toBe(open.sent);
    // One connection waits out each stall once among many fast answers: its p99 is far below the stall.
    expect(closed.run.latencyMs.p99).toBeLessThan(stallMs / 4);
    // On a schedule, ~40 % of the requests fall in a stall and wait up to all of it.
    expect(open.latency.percentileMs(99)).toBeGreaterThanOrEqual(stallMs / 2);
    expect(open.latency.percentileMs(99)).toBeGreaterThan(closed.run.latencyMs.p99);
  });

  it("calls a step on a steady server stable, with its figures from the last three windows", async () => {
    server = await startTestServer({ delayMs: () => 50 });
    const step = await openLoop(server.url, 50, 1, 10);
    expect(step.stable).toBe(true);
    expect(step.windows).toBeLessThan(10);
    expect(step.measuredS).toBe(3);
    expect(step.sent).toBe(150);
    expect(step.answered).toBe(150);
    expect(step.latency.percentileMs(50)).toBeGreaterThanOrEqual(50);
  });

  it("reports a step on a server whose speed drifts as not stable, after its time limit", async () => {
    server = await startTestServer({ delayMs: (elapsedMs) => 10 + elapsedMs / 20 });
    const step = await openLoop(server.url, 50, 0.5, 2.5);
    expect(step.stable).toBe(false);
    expect(step.windows).toBe(5);
  });

  it("reports a closed-loop step on a drifting server as not stable", async () => {
    server = await startTestServer({ delayMs: (elapsedMs) => 5 + elapsedMs / 20 });
    const run = await runStableLoad(
      { url: server.url, headers, body, connections: 2 },
      { windowS: 0.5, limitS: 2, tolerance: 0.1 },
    );
    expect(run.stable).toBe(false);
    expect(run.windows).toBe(4);
  });

  it("counts the requests that waited for a slot when --max-in-flight binds", async () => {
    server = await startTestServer({ delayMs: () => 100 });
    const step = await runOpenLoop({
      url: server.url,
      body,
      nextHeaders: () => headers,
      schedule: arrivalSchedule("constant", 40, 1),
      maxInFlight: 2,
      windows: { windowS: 1, limitS: 1, tolerance: 0.1 },
    });
    expect(step.sent).toBe(40);
    expect(step.answered).toBe(40);
    expect(step.maxInFlightBound).toBeGreaterThan(0);
    // Latency runs from the schedule: the wait for a slot is in it (2 slots of 100 ms serve 20/s, not 40/s).
    expect(step.latency.percentileMs(99)).toBeGreaterThan(500);
  });
});
