// One open-loop step: requests leave at their scheduled times whether or not earlier ones have answered
// (up to `maxInFlight` at once: a request due while all slots are busy waits for one, and is counted), and
// each latency runs from the request's scheduled time, so a stall is charged to every request that was due
// during it (no coordinated omission, as wrk2 and k6's constant-arrival-rate executor measure). The step is
// measured in windows of scheduled time until the last three agree (stability.ts) or its time limit.
// undici's Pool carries the requests; responses are never retried.

import { Pool } from "undici";
import { LatencyHistogram } from "./latency-histogram.js";
import { isStable, STABLE_WINDOWS, type StepWindows, type WindowFigures } from "./stability.js";

export interface OpenLoopStep {
  /** The invocation URL. */
  url: string;
  body: Uint8Array;
  /** The headers of the next request (its target model, its signature). */
  nextHeaders: () => Record<string, string>;
  /** Offsets (ms from the step's start) of the requests, in order. */
  schedule: () => number;
  maxInFlight: number;
  windows: StepWindows;
  /** Per-request timeout in seconds (default 60). */
  timeoutS?: number;
  /** Called as each window closes. */
  onWindow?: (index: number, figures: WindowFigures) => void;
}

/** 2xx answers' latencies by the target's mark; both empty when it marks none. */
export interface MarkedLatency {
  warm: LatencyHistogram;
  cold: LatencyHistogram;
}

/** Counted over the windows measured: the last three (or all, when fewer ran). */
export interface OpenLoopResult {
  sent: number;
  answered: number;
  /** 2xx answers. */
  ok: number;
  latency: LatencyHistogram;
  /** 2xx answers by the target's X-Mme-Emulator-Model-Cache mark (the emulator's): hit warm, miss cold. */
  marked: MarkedLatency;
  stable: boolean;
  /** Windows run in all (including the ones before the measured three). */
  windows: number;
  /** Seconds of scheduled time measured. */
  measuredS: number;
  /** Requests that were due while `maxInFlight` were outstanding and waited for a slot (0: it never bound). */
  maxInFlightBound: number;
  /** Failures by "status ErrorType" (e.g. "429 ThrottlingException", "424 ModelError") or "network CODE". */
  errors: Record<string, number>;
}

interface Window {
  due: number;
  sent: number;
  answered: number;
  ok: number;
  pending: number;
  waited: number;
  latency: LatencyHistogram;
  marked: MarkedLatency;
  errors: Record<string, number>;
}

/** The emulator's mark of an answer whose request waited for a model load (miss) or did not (hit). */
export const MODEL_CACHE_HEADER = "x-mme-emulator-model-cache";

const newMarked = (): MarkedLatency => ({ warm: new LatencyHistogram(), cold: new LatencyHistogram() });

const newWindow = (): Window => ({
  due: 0,
  sent: 0,
  answered: 0,
  ok: 0,
  pending: 0,
  waited: 0,
  latency: new LatencyHistogram(),
  marked: newMarked(),
  errors: {},
});

/** The x-amzn-ErrorType of an error answer, without its ":detail" part. */
function errorKey(status: number, errorType: string | string[] | undefined): string {
  const type = (Array.isArray(errorType) ? errorType[0] : errorType)?.split(":")[0];
  return type ? `${status} ${type}` : `${status}`;
}

export function runOpenLoop(step: OpenLoopStep): Promise<OpenLoopResult> {
  const target = new URL(step.url);
  const timeoutMs = (step.timeoutS ?? 60) * 1000;
  const pool = new Pool(target.origin, {
    connections: step.maxInFlight,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const path = `${target.pathname}${target.search}`;
  const windowMs = step.windows.windowS * 1000;
  const limitMs = Math.max(1, Math.ceil(step.windows.limitS / step.windows.windowS)) * windowMs;
  const windows: Window[] = [];
  const figures: WindowFigures[] = [];
  const waiting: { dueMs: number; window: Window; headers: Record<string, string> }[] = [];
  let inFlight = 0;
  let scheduling = true;
  let measured: Window[] | null = null;
  let stable = false;
  let timer: NodeJS.Timeout | undefined;
  let started = 0;
  let nextDueMs = step.schedule();

  return new Promise<OpenLoopResult>((resolve, reject) => {
    const windowAt = (dueMs: number) => {
      const index = Math.floor(dueMs / windowMs);
      while (windows.length <= index) windows.push(newWindow());
      return windows[index] as Window;
    };

    const send = (dueMs: number, window: Window, headers: Record<string, string>) => {
      inFlight++;
      window.sent++;
      pool
        .request({ path, method: "POST", headers, body: step.body })
        .then(
          async (response) => {
            await response.body.dump();
            const latencyMs = performance.now() - started - dueMs;
            window.answered++;
            if (response.statusCode >= 200 && response.statusCode < 300) {
              window.ok++;
              const mark = response.headers[MODEL_CACHE_HEADER];
              if (mark === "hit") window.marked.warm.recordMs(latencyMs);
              else if (mark === "miss") window.marked.cold.recordMs(latencyMs);
            } else {
              const key = errorKey(response.statusCode, response.headers["x-amzn-errortype"]);
              window.errors[key] = (window.errors[key] ?? 0) + 1;
            }
            window.latency.recordMs(latencyMs);
          },
          (error: NodeJS.ErrnoException) => {
            const key = `network ${error.code ?? error.name}`;
            window.errors[key] = (window.errors[key] ?? 0) + 1;
          },
        )
        .finally(() => {
          inFlight--;
          window.pending--;
          const next = waiting.shift();
          if (next && measured === null) send(next.dueMs, next.window, next.headers);
          settle();
        });
    };

    const dispatch = (dueMs: number) => {
      const window = windowAt(dueMs);
      window.due++;
      window.pending++;
      const headers = step.nextHeaders();
      if (inFlight < step.maxInFlight) send(dueMs, window, headers);
      else {
        window.waited++;
        waiting.push({ dueMs, window, headers });
      }
    };

    /** Closes every window whose requests are all due and answered; stops once three in a row agree. */
    const settle = () => {
      while (measured === null && figures.length < windows.length) {
        const index = figures.length;
        const window = windows[index] as Window;
        const closedAt = (index + 1) * windowMs;
        if ((scheduling && nextDueMs < closedAt) || window.pending > 0) break;
        const f = {
          throughput: window.answered / step.windows.windowS,
          latencyMs: window.latency.stats().mean,
        };
        figures.push(f);
        step.onWindow?.(index, f);
        if (isStable(figures, step.windows.tolerance)) {
          stable = true;
          measured = windows.slice(index + 1 - STABLE_WINDOWS, index + 1);
        }
      }
      if (measured === null && !scheduling && figures.length === windows.length) {
        measured = windows.slice(-STABLE_WINDOWS);
      }
      if (measured !== null) finish();
    };

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      scheduling = false;
      clearTimeout(timer);
      const counted = measured ?? [];
      const latency = new LatencyHistogram();
      const marked = newMarked();
      const errors: Record<string, number> = {};
      for (const w of counted) {
        latency.add(w.latency);
        marked.warm.add(w.marked.warm);
        marked.cold.add(w.marked.cold);
        for (const [key, n] of Object.entries(w.errors)) errors[key] = (errors[key] ?? 0) + n;
      }
      const sum = (pick: (w: Window) => number) => counted.reduce((a, w) => a + pick(w), 0);
      const result: OpenLoopResult = {
        sent: sum((w) => w.sent),
        answered: sum((w) => w.answered),
        ok: sum((w) => w.ok),
        latency,
        marked,
        stable,
        windows: figures.length,
        measuredS: counted.length * step.windows.windowS,
        maxInFlightBound: sum((w) => w.waited),
        errors,
      };
      // Requests past the measured windows are abandoned: they count nowhere.
      waiting.length = 0;
      pool.destroy().then(
        () => resolve(result),
        () => resolve(result),
      );
    };

    const tick = () => {
      const nowMs = performance.now() - started;
      while (scheduling && nextDueMs <= nowMs) {
        if (nextDueMs >= limitMs) {
          scheduling = false;
          break;
        }
        dispatch(nextDueMs);
        nextDueMs = step.schedule();
      }
      if (nextDueMs >= limitMs) scheduling = false;
      settle();
      if (scheduling && measured === null) {
        timer = setTimeout(tick, Math.max(0, nextDueMs - (performance.now() - started)));
      }
    };

    try {
      started = performance.now();
      tick();
    } catch (error) {
      pool.destroy().finally(() => reject(error));
    }
  });
}
