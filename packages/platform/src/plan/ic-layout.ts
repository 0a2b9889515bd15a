// `mme plan --compare ic`: the same trace laid out as SageMaker inference components instead of an MME.
// Each model becomes a component whose copies reserve compute (its memory, --copy-cpus, accelerators)
// and are placed on the instances as the emulator places them (components/placement.ts). Two layouts:
//   kept          every model keeps its copies resident: nobody waits, every reservation is paid for;
//   scale to zero a model's copies scale in after it was idle for `scaleInSeconds` and a request to a
//                 model at 0 copies waits for a copy to start (its cold load: download + load, the time
//                 the MME simulation gives a cache miss); managed instance scaling keeps just enough
//                 instances for the copies that are up, down to 0.
// Copies per model come from its peak concurrency in the trace (requests in flight at once, each held for
// the service time), divided by the in-flight requests one copy serves.
import type { SimulatedModel, TraceRequest } from "@mme/core";
import { type CopyDemand, instanceResources, placeCopies, type Resources } from "../components/placement.js";

export interface IcLayoutInput {
  models: SimulatedModel[];
  /** In time order, as the MME simulation reads them. */
  requests: TraceRequest[];
  /** An instance type of @mme/core's instance table. */
  instanceType: string;
  /** What each copy reserves besides its model's memory. */
  cpusPerCopy: number;
  acceleratorsPerCopy: number;
  /** Requests one copy serves at once before another copy is needed. */
  requestsPerCopy: number;
  /** Seconds the container takes per request once loaded. */
  serviceSeconds: number;
  /** Idle seconds after which a model's copies scale in to 0. */
  scaleInSeconds: number;
}

export interface IcModelLayout {
  targetModel: string;
  requests: number;
  /** Most requests in flight at once. */
  peakConcurrency: number;
  copies: number;
  /** MinMemoryRequiredInMb of each copy. */
  memoryMbPerCopy: number;
  /** Times the model went from 0 copies to 1 (scale to zero). */
  scaleOuts: number;
  /** Requests that waited for a copy to start (scale to zero). */
  waited: number;
}

export interface IcLayoutResult {
  instanceType: string;
  requests: number;
  durationSeconds: number;
  perCopy: { cpus: number; accelerators: number };
  models: IcModelLayout[];
  /** A model one copy of which fits on no instance of the type; then no layout below is possible. */
  tooLarge?: { targetModel: string; need: Resources };
  /** Copies of every model, all resident. */
  copies: number;
  kept?: { instances: number };
  scaleToZero?: {
    /** Most instances needed at once, and their time-weighted mean over the trace. */
    peakInstances: number;
    meanInstances: number;
    scaleOuts: number;
    waited: number;
    /** Share of the requests that waited for a copy to start. */
    waitShare: number;
    /** Mean wait over the requests that waited (seconds). */
    meanWaitSeconds: number;
  };
}

const MiB = 1024 ** 2;
/** SageMaker's floor for MinMemoryRequiredInMb (botocore: MemoryInMb min 128). */
const MIN_MEMORY_MB = 128;

export function icLayout(input: IcLayoutInput): IcLayoutResult {
  const instance = instanceResources(input.instanceType);
  if (!instance) throw new Error(`${input.instanceType} is not in the instance table`);
  const byModel = new Map<string, number[]>();
  for (const request of input.requests) {
    const times = byModel.get(request.targetModel) ?? [];
    times.push(request.time);
    byModel.set(request.targetModel, times);
  }
  const duration = Math.max(input.requests.at(-1)?.time ?? 0, 1e-9);
  const perCopy = { cpus: input.cpusPerCopy, accelerators: input.acceleratorsPerCopy };
  const models: IcModelLayout[] = [];
  const demands: CopyDemand[] = [];
  const intervals: { start: number; end: number; demand: CopyDemand }[] = [];
  let waited = 0;
  let waitTotal = 0;
  for (const model of input.models) {
    const times = byModel.get(model.targetModel) ?? [];
    const peakConcurrency = peakInFlight(times, input.serviceSeconds);
    const copies = times.length === 0 ? 0 : Math.max(1, Math.ceil(peakConcurrency / input.requestsPerCopy));
    const memoryMbPerCopy = Math.max(MIN_MEMORY_MB, Math.ceil(model.memoryBytes / MiB));
    const demand: CopyDemand = {
      componentName: model.targetModel,
      copies,
      need: { cpus: input.cpusPerCopy, memoryMb: memoryMbPerCopy, accelerators: input.acceleratorsPerCopy },
    };
    const scaled = scaleFromZero(times, model.coldLoadSeconds, input.scaleInSeconds, duration);
    for (const active of scaled.active) intervals.push({ ...active, demand });
    waited += scaled.waited;
    waitTotal += scaled.waitTotal;
    models.push({
      targetModel: model.targetModel,
      requests: times.length,
      peakConcurrency,
      copies,
      memoryMbPerCopy,
      scaleOuts: scaled.active.length,
      waited: scaled.waited,
    });
    if (copies > 0) demands.push(demand);
  }
  const result: IcLayoutResult = {
    instanceType: input.instanceType,
    requests: input.requests.length,
    durationSeconds: duration,
    perCopy,
    models,
    copies: demands.reduce((sum, d) => sum + d.copies, 0),
  };
  const tooLarge = demands.find((d) => !placeCopies(instance, 1, [{ ...d, copies: 1 }]));
  if (tooLarge) return { ...result, tooLarge: { targetModel: tooLarge.componentName, need: tooLarge.need } };
  const instances = instanceCounter(instance);
  const timeline = instancesOverTime(intervals, duration, instances);
  return {
    ...result,
    kept: { instances: instances(demands) },
    scaleToZero: {
      ...timeline,
      scaleOuts: intervals.length,
      waited,
      waitShare: input.requests.length === 0 ? 0 : waited / input.requests.length,
      meanWaitSeconds: waited === 0 ? 0 : waitTotal / waited,
    },
  };
}

/** Most requests in flight at once, each held from its arrival for `serviceSeconds` (times in order). */
export function peakInFlight(times: number[], serviceSeconds: number): number {
  let peak = 0;
  let oldest = 0;
  for (let i = 0; i < times.length; i++) {
    while (oldest < i && times[oldest]! + serviceSeconds <= times[i]!) oldest++;
    peak = Math.max(peak, i - oldest + 1);
  }
  return peak;
}

/**
 * One model under the scale-from-zero policy: a request that finds 0 copies starts one, which is ready
 * after the model's cold load; requests before then wait for it. The copy stays until the model has
 * been idle for `scaleInSeconds` (or the trace ends).
 */
function scaleFromZero(times: number[], loadSeconds: number, scaleInSeconds: number, duration: number) {
  const active: { start: number; end: number }[] = [];
  let readyAt = 0;
  let upUntil = Number.NEGATIVE_INFINITY;
  let waited = 0;
  let waitTotal = 0;
  for (const time of times) {
    if (time >= upUntil) {
      if (active.length > 0) active.at(-1)!.end = Math.min(upUntil, duration);
      active.push({ start: time, end: duration });
      readyAt = time + loadSeconds;
    }
    if (time < readyAt) {
      waited++;
      waitTotal += readyAt - time;
    }
    upUntil = Math.max(time, readyAt) + scaleInSeconds;
  }
  if (active.length > 0) active.at(-1)!.end = Math.min(upUntil, duration);
  return { active, waited, waitTotal };
}

/**
 * The fewest instances holding every copy: from the lower bound the totals give, upwards, each count
 * tried with placeCopies (placement.ts's instancesNeeded starts at 1, too slow for hundreds of copies
 * asked at every change of a trace). Memoised per set of demands.
 */
function instanceCounter(instance: Resources): (demands: CopyDemand[]) => number {
  const known = new Map<string, number>();
  return (demands) => {
    const key = demands.map((d) => `${d.componentName}\u0000${d.copies}`).join("\u0001");
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const total = (pick: (r: Resources) => number) =>
      demands.reduce((sum, d) => sum + d.copies * pick(d.need), 0);
    const share = (pick: (r: Resources) => number) =>
      pick(instance) === 0 ? 0 : total(pick) / pick(instance);
    let count = Math.max(
      0,
      Math.ceil(
        Math.max(
          share((r) => r.cpus),
          share((r) => r.memoryMb),
          share((r) => r.accelerators),
        ) - 1e-9,
      ),
    );
    const copies = demands.reduce((sum, d) => sum + d.copies, 0);
    if (copies > 0) count = Math.max(1, count);
    while (count < copies && !placeCopies(instance, count, demands)) count++;
    known.set(key, count);
    return count;
  };
}

/** Instances needed while each interval's copies are up: the most at once and the time-weighted mean. */
function instancesOverTime(
  intervals: { start: number; end: number; demand: CopyDemand }[],
  duration: number,
  instances: (demands: CopyDemand[]) => number,
): { peakInstances: number; meanInstances: number } {
  const changes = intervals
    .filter(({ start, end }) => end > start)
    .flatMap(({ start, end, demand }) => [
      { at: start, up: true, demand },
      { at: end, up: false, demand },
    ])
    .sort((a, b) => a.at - b.at || Number(a.up) - Number(b.up));
  const up = new Map<string, CopyDemand>();
  let peak = 0;
  let area = 0;
  let since = 0;
  let current = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    area += current * (change.at - since);
    since = change.at;
    if (change.up) up.set(change.demand.componentName, change.demand);
    else up.delete(change.demand.componentName);
    if (changes[i + 1]?.at === change.at) continue;
    const sorted = [...up.values()].sort((a, b) => (a.componentName < b.componentName ? -1 : 1));
    current = instances(sorted);
    peak = Math.max(peak, current);
  }
  area += current * Math.max(0, duration - since);
  return { peakInstances: peak, meanInstances: duration > 0 ? area / duration : peak };
}
