// The emulator's operating view, one per emulator: the CloudWatch metric store, the endpoint log
// streams, the activity feed between them, the gauge sampler; and the reset that empties them all.
import type { EndpointRecord } from "../control-plane/records.js";
import { writeActivityToLogs } from "../logs/endpoint-log.js";
import { LogStore } from "../logs/log-store.js";
import { ActivityFeed } from "./activity-feed.js";
import { type EndpointGauges, GaugeSampler } from "./gauge-sampler.js";
import { MetricStore } from "./metric-store.js";

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
    const records = [...this.endpoints()].filter((r) => r.status === "InService" && r.backend);
    await Promise.all(records.map((r) => r.backend!.reset?.()));
    this.metricStore.clear();
    this.logs.clearEvents();
    this.activity.clear();
    for (const record of records) {
      this.activity.publish({
        kind: "reset",
        endpointName: record.name,
        variantName: record.spec!.variantName,
      });
    }
  }

  close(): void {
    this.#sampler.stop();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  async #gauges(): Promise<EndpointGauges[]> {
    const records = [...this.endpoints()].filter((r) => r.status === "InService" && r.spec && r.backend);
    return Promise.all(
      records.map(async (record) => {
        const status = await record.backend!.status();
        return {
          endpointName: record.name,
          variantName: record.spec!.variantName,
          loadedCount: status.loadedCount,
          memory: { used: status.memoryBytesUsed, limit: status.memoryBytesLimit },
          disk: { used: status.diskBytesUsed, limit: status.diskBytesLimit },
        };
      }),
    );
  }
}
