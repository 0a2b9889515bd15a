// One autocannon load step, reduced to the report's LoadRun record.

import autocannon from "autocannon";
import type { LoadRun } from "../report/schema.js";
import { LatencyHistogram } from "./latency-histogram.js";

export interface LoadStep {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationS: number;
  amount?: number;
  /** Per-request header overrides (e.g. the next TargetModel of a trace). */
  nextHeaders?: () => Record<string, string>;
  /** Per-request timeout in seconds (autocannon's default is 10). */
  timeoutS?: number;
  /** Keep every response's time (ms since the step began) and latency, for latency-over-time charts. */
  timeline?: boolean;
}

/** One response: when it arrived (ms since the step began) and how long it took (ms). */
export interface ResponsePoint {
  atMs: number;
  latencyMs: number;
}

export interface LoadStepResult {
  run: LoadRun;
  /** Count of responses per status code. */
  statusCounts: Record<string, number>;
  /** In arrival order; empty unless `timeline` was set. */
  timeline: ResponsePoint[];
  latency: LatencyHistogram;
}

/** autocannon with its per-response events: its histograms hold whole milliseconds, too coarse for a warm hit. */
function cannon(options: autocannon.Options, onResponseMs: (ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on("response", (_client, _status, _bytes, responseTime) => onResponseMs(responseTime));
  });
}

export async function runLoad(step: LoadStep): Promise<LoadStepResult> {
  const body = Buffer.from(step.body.buffer, step.body.byteOffset, step.body.byteLength);
  const latency = new LatencyHistogram();
  const timeline: ResponsePoint[] = [];
  const started = performance.now();
  const result = await cannon(
    {
      url: step.url,
      method: "POST",
      headers: step.headers,
      body,
      connections: step.connections,
      ...(step.amount === undefined ? { duration: step.durationS } : { amount: step.amount }),
      timeout: step.timeoutS ?? 30,
      ...(step.nextHeaders
        ? {
            requests: [
              {
                setupRequest: (req: autocannon.Request) => ({
                  ...req,
                  headers: { ...req.headers, ...step.nextHeaders?.() },
                }),
              },
            ],
          }
        : {}),
    },
    (ms) => {
      latency.recordMs(ms);
      if (step.timeline) timeline.push({ atMs: performance.now() - started, latencyMs: ms });
    },
  );
  const statusCounts: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCounts[code] = stats.count ?? 0;
  const completed = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    run: {
      connections: step.connections,
      durationS: result.duration,
      requests: completed,
      requestsPerSec: result.duration > 0 ? completed / result.duration : 0,
      latencyMs: latency.stats(),
      errors: result.errors,
      non2xx: result.non2xx,
    },
    statusCounts,
    timeline,
    latency,
  };
}
