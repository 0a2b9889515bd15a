// CloudWatch metric alarms on the emulator's metrics, evaluated on the autoscaling clock (a Period of
// 60 s lasts 60 / timeScale real seconds). Each alarm gathers the values put to its metric during the
// current period, turns them into one datapoint with its statistic at the period's end (no value: a
// missing datapoint), and compares the last EvaluationPeriods datapoints with its threshold: ALARM when
// at least DatapointsToAlarm of them breach, OK when fewer do, INSUFFICIENT_DATA when all are missing
// (TreatMissingData decides how a missing one counts). While in ALARM, each evaluation invokes its
// AlarmActions that name an Application Auto Scaling policy, as CloudWatch does for scaling actions.
import { MetricBucket } from "../metrics/metric-bucket.js";
import type { MetricSeries, MetricStore } from "../metrics/metric-store.js";
import type { AlarmRecord, AlarmStateValue } from "./alarm-state.js";
import { parseStatistic, statisticValue } from "./statistics.js";

/** Runs one alarm action ARN; false when nothing here answers to it (an SNS topic, say). */
export type AlarmAction = (
  arn: string,
  trigger: { alarmName: string; value: number; threshold: number },
) => boolean;

export interface MetricAlarmsOptions {
  store: MetricStore;
  /** Emulated seconds per real second (default 1). */
  timeScale?: number;
  act: AlarmAction;
  /** The kept state changed (a new state value): save it without holding anyone up. */
  changed: () => void;
}

interface Running {
  record: AlarmRecord;
  key: string;
  window: MetricBucket;
  /** Datapoints, oldest first; undefined is a missing one. */
  datapoints: { at: number; value: number | undefined }[];
  timer: NodeJS.Timeout;
}

export class MetricAlarms {
  readonly #alarms = new Map<string, Running>();
  readonly #keys = new WeakMap<MetricSeries, string>();
  readonly #timeScale: number;
  #unwatch: (() => void) | undefined;

  constructor(private readonly options: MetricAlarmsOptions) {
    this.#timeScale = options.timeScale ?? 1;
  }

  list(): AlarmRecord[] {
    return [...this.#alarms.values()]
      .map((a) => a.record)
      .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0));
  }

  get(name: string): AlarmRecord | undefined {
    return this.#alarms.get(name)?.record;
  }

  /** Creates or replaces an alarm (its state starts afresh, as PutMetricAlarm does). */
  put(record: AlarmRecord): void {
    this.#stop(record.AlarmName);
    const running: Running = {
      record,
      key: metricKey(record.Namespace, record.MetricName, record.Dimensions),
      window: new MetricBucket(),
      datapoints: [],
      timer: setInterval(() => this.#evaluate(running), (record.Period * 1000) / this.#timeScale),
    };
    running.timer.unref();
    this.#alarms.set(record.AlarmName, running);
    this.#unwatch ??= this.options.store.watch((series, value) => this.#observe(series, value));
  }

  /** Deletes these alarms, all or none: the names that do not exist, when any. */
  delete(names: readonly string[]): string[] {
    const missing = names.filter((name) => !this.#alarms.has(name));
    if (missing.length === 0) for (const name of names) this.#stop(name);
    return missing;
  }

  /** SetAlarmState: the state until the next evaluation; actions run as on a real transition. */
  setState(name: string, state: AlarmStateValue, reason: string, reasonData?: string): void {
    const running = this.#alarms.get(name);
    if (!running) return;
    this.#transition(running, state, reason, reasonData);
    if (state === "ALARM") this.#act(running, running.record.Threshold);
  }

  snapshot(): AlarmRecord[] {
    return this.list().map((record) => ({ ...record }));
  }

  restore(records: readonly AlarmRecord[]): void {
    for (const record of records) this.put({ ...record });
  }

  close(): void {
    for (const name of [...this.#alarms.keys()]) this.#stop(name);
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  #stop(name: string): void {
    const running = this.#alarms.get(name);
    if (!running) return;
    clearInterval(running.timer);
    this.#alarms.delete(name);
  }

  #observe(series: MetricSeries, value: number): void {
    let key = this.#keys.get(series);
    if (key === undefined) {
      key = metricKey(series.namespace, series.metricName, series.dimensions);
      this.#keys.set(series, key);
    }
    for (const running of this.#alarms.values()) {
      if (running.key !== key) continue;
      if (running.record.Unit !== undefined && running.record.Unit !== series.unit) continue;
      running.window.add(value);
    }
  }

  #evaluate(running: Running): void {
    const { record } = running;
    const window = running.window;
    running.window = new MetricBucket();
    const statistic = parseStatistic(record.Statistic ?? record.ExtendedStatistic ?? "Average");
    const value = window.count > 0 && statistic ? statisticValue(window, statistic) : undefined;
    running.datapoints.push({ at: Date.now(), value });
    if (running.datapoints.length > record.EvaluationPeriods) running.datapoints.shift();

    const treat = record.TreatMissingData ?? "missing";
    const newest = running.datapoints.at(-1)!;
    if (newest.value === undefined && treat === "ignore") return;
    const breaches = (v: number) => compare(record.ComparisonOperator, v, record.Threshold);
    let breaching = 0;
    let present = 0;
    for (const point of running.datapoints) {
      if (point.value === undefined) {
        if (treat === "breaching") breaching++;
        if (treat === "breaching" || treat === "notBreaching") present++;
        continue;
      }
      present++;
      if (breaches(point.value)) breaching++;
    }
    const needed = record.DatapointsToAlarm ?? record.EvaluationPeriods;
    const state: AlarmStateValue = breaching >= needed ? "ALARM" : present > 0 ? "OK" : "INSUFFICIENT_DATA";
    if (state !== record.StateValue) {
      this.#transition(running, state, reasonFor(record, running.datapoints, state, needed));
    }
    if (state === "ALARM") {
      const latest = [...running.datapoints].reverse().find((p) => p.value !== undefined)?.value;
      this.#act(running, latest ?? record.Threshold);
    }
  }

  #transition(running: Running, state: AlarmStateValue, reason: string, reasonData?: string): void {
    const now = Date.now();
    const record = running.record;
    record.StateValue = state;
    record.StateReason = reason;
    if (reasonData === undefined) delete record.StateReasonData;
    else record.StateReasonData = reasonData;
    record.StateUpdatedTimestamp = now;
    record.StateTransitionedTimestamp = now;
    this.options.changed();
  }

  #act(running: Running, value: number): void {
    const { record } = running;
    if (!record.ActionsEnabled) return;
    for (const arn of record.AlarmActions) {
      this.options.act(arn, { alarmName: record.AlarmName, value, threshold: record.Threshold });
    }
  }
}

export function metricKey(
  namespace: string,
  metricName: string,
  dimensions: readonly { Name: string; Value: string }[],
): string {
  const sorted = [...dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return JSON.stringify([namespace, metricName, sorted.map((d) => [d.Name, d.Value])]);
}

function compare(operator: AlarmRecord["ComparisonOperator"], value: number, threshold: number): boolean {
  switch (operator) {
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "GreaterThanThreshold":
      return value > threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}

const OPERATOR_WORDS: Record<AlarmRecord["ComparisonOperator"], string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  GreaterThanThreshold: "greater than",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

/** CloudWatch's StateReason wording ("Threshold Crossed: 1 out of the last 1 datapoints [1.0 (…)] was …"). */
function reasonFor(
  record: AlarmRecord,
  datapoints: readonly { at: number; value: number | undefined }[],
  state: AlarmStateValue,
  needed: number,
): string {
  if (state === "INSUFFICIENT_DATA") {
    return `Insufficient Data: ${datapoints.length} datapoint${datapoints.length === 1 ? " was" : "s were"} unknown.`;
  }
  const shown = datapoints
    .filter((p) => p.value !== undefined)
    .reverse()
    .map((p) => `${formatValue(p.value!)} (${formatTime(p.at)})`)
    .join(", ");
  const count = datapoints.filter((p) => p.value !== undefined).length;
  const negation = state === "OK" ? "not " : "";
  const transition = state === "OK" ? "ALARM -> OK" : "OK -> ALARM";
  return `Threshold Crossed: ${count} out of the last ${datapoints.length} datapoints [${shown}] ${count === 1 ? "was" : "were"} ${negation}${OPERATOR_WORDS[record.ComparisonOperator]} the threshold (${formatValue(record.Threshold)}) (minimum ${needed} datapoint${needed === 1 ? "" : "s"} for ${transition} transition).`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** dd/MM/yy HH:mm:ss, UTC, as CloudWatch writes datapoints in a StateReason. */
function formatTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
