// A debugging timeline of cold requests, on only when MME_TRACE_COLD is set: each layer marks its steps
// (`coldTrace?.mark("extracted")`), and when the request ends one JSON line goes to stderr with every mark's
// time since the request arrived, the event loop's busy share and its worst delay meanwhile. Off, it is one
// `undefined` check per mark. Marks belong to the cold request in progress: it is meant for one cold request
// at a time (the bench's cold-start scenario); overlapping ones share one timeline.

import { type EventLoopUtilization, monitorEventLoopDelay, performance } from "node:perf_hooks";

export interface ColdTimeline {
  /** ms from the request's arrival to each mark, in order; the last is the answer. */
  marks: [string, number][];
  totalMs: number;
  /** Share of the request's wall time the main thread was busy (event-loop utilisation). */
  loopBusy: number;
  /** The longest the event loop was held up while the request ran, ms (1 ms resolution). */
  loopDelayMaxMs: number;
  /** CPU the whole process used meanwhile (every thread, user + system), ms: steadier than wall time on a busy machine. */
  cpuMs: number;
}

class ColdTrace {
  #started: number | undefined;
  #marks: [string, number][] = [];
  #elu: EventLoopUtilization | undefined;
  #cpu: NodeJS.CpuUsage | undefined;
  readonly #delay = monitorEventLoopDelay({ resolution: 1 });

  /** A cold request arrived at `at` (performance.now()); starts a fresh timeline. */
  begin(at: number): void {
    this.#started = at;
    this.#marks = [];
    this.#elu = performance.eventLoopUtilization();
    this.#cpu = process.cpuUsage();
    this.#delay.reset();
    this.#delay.enable();
  }

  mark(step: string): void {
    if (this.#started === undefined) return;
    this.#marks.push([step, round(performance.now() - this.#started)]);
  }

  /** The request answered: writes its timeline as one JSON line on stderr. */
  end(step: string): void {
    if (this.#started === undefined) return;
    const totalMs = round(performance.now() - this.#started);
    this.#marks.push([step, totalMs]);
    this.#delay.disable();
    const cpu = process.cpuUsage(this.#cpu);
    const timeline: ColdTimeline = {
      marks: this.#marks,
      totalMs,
      loopBusy: round(performance.eventLoopUtilization(this.#elu).utilization),
      loopDelayMaxMs: round(this.#delay.max / 1e6),
      cpuMs: round((cpu.user + cpu.system) / 1000),
    };
    this.#started = undefined;
    process.stderr.write(`mme-cold-trace ${JSON.stringify(timeline)}\n`);
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The process's cold-request timeline, or undefined (the default) when MME_TRACE_COLD is unset. */
export const coldTrace: ColdTrace | undefined = process.env.MME_TRACE_COLD ? new ColdTrace() : undefined;
