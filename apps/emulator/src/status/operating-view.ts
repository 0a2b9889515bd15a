// The emulator's operating view, one per emulator: the CloudWatch metric store, the endpoint log
// streams, the activity feed between them, the gauge sampler; and the reset that empties them all.
import type { EndpointRecord } from "../control-plane/records.js";
import { servedBackends } from "../control-plane/served-backends.js";
import { writeActivityToLogs } from "../logs/endpoint-log.js";
import { LogStore } from "../logs/log-store.js";
import { ActivityFeed } from "../metrics/activity-feed.js";
import { type EndpointGauges, GaugeSampler } from "../metrics/gauge-sampler.js";
import { MetricStore } from "../metrics/metric-store.js";

export interface OperatingViewOptions {
  /** How often the instance gauges are sampled (default 10 s); they are also sampled on every load and unload. */
  sampleIntervalMs?: number;
}

export class OperatingView {
  readonly metricStore = new MetricStore();
  readonly activity = new ActivityFeed();
  readonly logs = new LogStore();
  readonly #sampler: GaugeSampler;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    /** The control plane's endpoints (read on every use: endpoints come and go). */
    private readonly endpoints: () => Iterable<EndpointRecord>,
    options: OperatingViewOptions = {},
  ) {
    this.#sampler = new GaugeSampler(this.metricStore, () => this.#gauges(), options.sampleIntervalMs);
    this.#unsubscribe.push(writeActivityToLogs(this.activity, this.logs));
    this.#unsubscribe.push(
      this.activity.subscribe((event) => {
        if (["load", "reload", "unload", "disk-evict", "reset"].includes(event.kind))
          void this.#sampler.sample();
      }),
    );
    this.#sampler.start();
  }

  /** Samples the gauges now (LoadedModelCount, utilization). */
  sample(): Promise<void> {
    return this.#sampler.sample();
  }

  /** Every endpoint: unload every model, empty the disk tier; then clear metrics, logs and events. */
  async reset(): Promise<void> {
    const records = [...this.endpoints()];
    await Promise.all(records.flatMap((r) => servedBackends(r).map((served) => served.backend.reset?.())));
    this.metricStore.clear();
    this.logs.clearEvents();
    this.activity.clear();
    // Each instance was reset: its log stream says so.
    for (const record of records) {
      for (const { variantName, instanceId } of servedBackends(record)) {
        this.activity.publish({ kind: "reset", endpointName: record.name, variantName, instanceId });
      }
    }
  }

  close(): void {
    this.#sampler.stop();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  /** Per endpoint variant, summed over its instances (LoadedModelCount counts every copy). */
  async #gauges(): Promise<EndpointGauges[]> {
    const gauges = new Map<string, EndpointGauges>();
    for (const record of this.endpoints()) {
      for (const served of servedBackends(record)) {
        const status = await served.backend.status();
        const key = `${record.name}\u0000${served.variantName}`;
        const gauge = gauges.get(key) ?? {
          endpointName: record.name,
          variantName: served.variantName,
          loadedCount: 0,
          memory: { used: 0, limit: 0 },
          disk: { used: 0, limit: 0 },
        };
        gauge.loadedCount += status.loadedCount;
        gauge.memory.used += status.memoryBytesUsed;
        gauge.memory.limit += status.memoryBytesLimit;
        gauge.disk.used += status.diskBytesUsed;
        gauge.disk.limit += status.diskBytesLimit;
        gauges.set(key, gauge);
      }
    }
    return [...gauges.values()];
  }
}
