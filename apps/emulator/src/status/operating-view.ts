// The emulator's operating view, one per emulator: the CloudWatch metric store, the endpoint log
// streams, the activity feed between them, the gauge sampler; and the reset that empties them all.
// The control plane writes into its stores, so the view is built first and reads the plane's serving
// instances once the plane exists (watch()).
import type { Instance } from "@mme/platform";
import { writeActivityToLogs } from "../logs/endpoint-log.js";
import { LogStore } from "../logs/log-store.js";
import { ActivityFeed } from "../metrics/activity-feed.js";
import { type EndpointGauges, GaugeSampler } from "../metrics/gauge-sampler.js";
import { MetricStore } from "../metrics/metric-store.js";

export interface OperatingViewOptions {
  /** How often the instance gauges are sampled (default 10 s); they are also sampled on every load and unload. */
  sampleIntervalMs?: number;
}

/** One instance of an endpoint variant, as the view and the LoadedModelCount metric read it. */
export interface ServingInstance {
  endpointName: string;
  /** InService or Updating: its hosts are sampled and reset; Creating ones only counted. */
  serving: boolean;
  variantName: string;
  instanceId: string;
  host: Instance;
}

export class OperatingView {
  readonly metricStore = new MetricStore();
  readonly activity = new ActivityFeed();
  readonly logs = new LogStore();
  readonly #sampler: GaugeSampler;
  readonly #unsubscribe: (() => void)[] = [];
  /** Every instance of every endpoint, read on each use (instances come and go); none until watch(). */
  #instances: () => Iterable<ServingInstance> = () => [];

  constructor(options: OperatingViewOptions = {}) {
    this.#sampler = new GaugeSampler(this.metricStore, () => this.#gauges(), options.sampleIntervalMs);
    this.#unsubscribe.push(writeActivityToLogs(this.activity, this.logs));
    this.#unsubscribe.push(
      this.activity.subscribe((event) => {
        if (["load", "reload", "unload", "disk-evict", "reset"].includes(event.kind))
          void this.#sampler.sample();
      }),
    );
  }

  /** Starts sampling these instances' gauges; until then the view has none to read. */
  watch(instances: () => Iterable<ServingInstance>): void {
    this.#instances = instances;
    this.#sampler.start();
  }

  /** LoadedModelCount per instance; its Sum over a variant's instances counts every copy. */
  loadedModelCounts(): Promise<
    { endpointName: string; variantName: string; instanceId: string; count: number }[]
  > {
    return Promise.all(
      [...this.#instances()].map(async ({ endpointName, variantName, instanceId, host }) => ({
        endpointName,
        variantName,
        instanceId,
        count: (await host.status()).loadedCount,
      })),
    );
  }

  /** Samples the gauges now (LoadedModelCount, utilization). */
  sample(): Promise<void> {
    return this.#sampler.sample();
  }

  /** Every endpoint: unload every model, empty the disk tier; then clear metrics, logs and events. */
  async reset(): Promise<void> {
    const served = [...this.#instances()].filter((instance) => instance.serving);
    await Promise.all(served.map((instance) => instance.host.reset?.()));
    this.metricStore.clear();
    this.logs.clearEvents();
    this.activity.clear();
    // Each instance was reset: its log stream says so.
    for (const { endpointName, variantName, instanceId } of served) {
      this.activity.publish({ kind: "reset", endpointName, variantName, instanceId });
    }
  }

  close(): void {
    this.#sampler.stop();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  /** Per endpoint variant, summed over its instances (LoadedModelCount counts every copy). */
  async #gauges(): Promise<EndpointGauges[]> {
    const gauges = new Map<string, EndpointGauges>();
    for (const served of this.#instances()) {
      if (!served.serving) continue;
      const status = await served.host.status();
      const key = `${served.endpointName}\u0000${served.variantName}`;
      const gauge = gauges.get(key) ?? {
        endpointName: served.endpointName,
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
    return [...gauges.values()];
  }
}
