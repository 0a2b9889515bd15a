// Prometheus metrics under SageMaker's CloudWatch names, labelled EndpointName + VariantName, plus
// per-model series (`mme_model_<Name>`, extra TargetModel label) that SageMaker itself does not have.
// Times are microseconds, as histograms (so they aggregate across scrapes and endpoints).
// ModelCacheHit is a histogram of 1/0 per request: its _sum/_count is the hit ratio.

import { type CacheOrigin, type ModelRef, watchCacheEvents } from "@mme/platform";
import { Gauge, Registry } from "prom-client";
import type { ActivityFeed, ActivityInput } from "./activity-feed.js";
import { endpointDimensions, METRIC_UNITS, namespaceOf, type SageMakerMetric } from "./cloudwatch-names.js";
import type { MetricStore, SeriesWriter } from "./metric-store.js";
import { PlainCounter, PlainHistogram } from "./plain-series.js";

export const MICROSECOND_BUCKETS = [
  100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000,
  5_000_000, 10_000_000, 30_000_000, 60_000_000, 360_000_000,
];
const ENDPOINT_LABELS = ["EndpointName", "VariantName"] as const;
const MODEL_LABELS = ["EndpointName", "VariantName", "TargetModel"] as const;

type EndpointLabel = (typeof ENDPOINT_LABELS)[number];
type ModelLabel = (typeof MODEL_LABELS)[number];

export interface InvocationLabels {
  endpointName: string;
  variantName: string;
  /** Absent for single-model endpoints and requests rejected before a target was known. */
  targetModel?: string;
}

export interface InvocationOutcome {
  status: number;
  modelError: boolean;
  /** The client closed the connection before the answer: no status was sent. */
  clientHungUp?: boolean;
  modelLatencyMicros?: number;
  overheadMicros: number;
  cacheHit?: boolean;
  waitMicros?: number;
  /** What failed, for the endpoint's log and event feed. */
  error?: unknown;
  requestId?: string;
  /** The instance the request was routed to: its log stream gets the failure. */
  instanceId?: string;
}

/** Where the CloudWatch view of the same measurements goes (GetMetricData, logs, the explorer). */
export interface OperatingViewSinks {
  metricStore?: MetricStore;
  activity?: ActivityFeed;
}

export interface LoadedModelCount {
  endpointName: string;
  variantName: string;
  /** One entry per instance; the variant's LoadedModelCount is their Sum (every copy counts). */
  instanceId?: string;
  count: number;
}

class PairedCounter {
  constructor(
    private readonly endpoint: PlainCounter,
    private readonly model: PlainCounter,
  ) {}
  inc(set: LabelSet, value = 1): void {
    this.endpoint.of(set.endpointKey, set.endpoint).value += value;
    if (set.model) this.model.of(set.modelKey, set.model).value += value;
  }
  forget(set: LabelSet): void {
    this.model.remove(set.modelKey);
  }
}

class PairedHistogram {
  constructor(
    private readonly endpoint: PlainHistogram,
    private readonly model: PlainHistogram,
  ) {}
  observe(set: LabelSet, value: number): void {
    this.endpoint.observe(this.endpoint.of(set.endpointKey, set.endpoint), value);
    if (set.model) this.model.observe(this.model.of(set.modelKey, set.model), value);
  }
  forget(set: LabelSet): void {
    this.model.remove(set.modelKey);
  }
}

interface LabelSet {
  endpoint: Record<EndpointLabel, string>;
  model: Record<ModelLabel, string> | undefined;
  /** The series keys of the two label objects (labelKey), made once. */
  endpointKey: string;
  modelKey: string;
  /** The endpoint/variant's CloudWatch series writers, shared by its label sets; made on first use. */
  writers: Map<SageMakerMetric, SeriesWriter>;
}

export class EmulatorMetrics {
  readonly registry = new Registry();
  /**
   * prom-client label objects, made once per endpoint/variant/target and reused by every series and request
   * (a request records up to ten series; two fresh objects for each were most of the metrics' own cost).
   */
  private readonly labelSets = new Map<string, LabelSet>();
  /** The same, found by the labels object itself: the runtime plane passes one object per target. */
  private readonly labelSetByObject = new WeakMap<InvocationLabels, LabelSet>();
  private readonly labelsByRef = new WeakMap<ModelRef, InvocationLabels>();
  private readonly labelsBySpec = new WeakMap<object, InvocationLabels>();
  private readonly writersByEndpoint = new Map<string, Map<SageMakerMetric, SeriesWriter>>();
  /** Every paired series, so a model's per-model series can all be dropped at once. */
  private readonly pairs: { forget(set: LabelSet): void }[] = [];
  private readonly invocations = this.counter("Invocations", "Requests sent to the endpoint");
  private readonly errors4xx = this.counter("Invocation4XXErrors", "Requests answered with a 4XX status");
  private readonly errors5xx = this.counter("Invocation5XXErrors", "Requests answered with a 5XX status");
  private readonly modelErrors = this.counter(
    "InvocationModelErrors",
    "Requests where the model answered non-2xx",
  );
  private readonly hungUp = this.counter(
    "InvocationsClientHungUp",
    "Requests the client abandoned before the answer (emulator-only; neither 4XX nor 5XX)",
    "mme_",
  );
  private readonly modelLatency = this.histogram("ModelLatency", "Time the container took to answer (µs)");
  private readonly overheadLatency = this.histogram("OverheadLatency", "Time added by the platform (µs)");
  private readonly loadingWait = this.histogram(
    "ModelLoadingWaitTime",
    "Time a request waited for its model (µs)",
  );
  private readonly downloading = this.histogram(
    "ModelDownloadingTime",
    "Time to download a model from S3 (µs)",
  );
  private readonly extraction = this.histogram(
    "ModelExtractionTime",
    "Time to extract a model tarball (µs); emulator-only",
    "mme_",
  );
  private readonly loading = this.histogram(
    "ModelLoadingTime",
    "Time the container took to load a model (µs)",
  );
  private readonly unloading = this.histogram("ModelUnloadingTime", "Time the container took to unload (µs)");
  private readonly cacheHit = this.paired(
    new PairedHistogram(
      new PlainHistogram(
        "ModelCacheHit",
        "1 when the target was already loaded, 0 otherwise: mean = hit ratio",
        this.registry,
        [0.5],
      ),
      new PlainHistogram(
        "mme_model_ModelCacheHit",
        "Per model: 1 when already loaded, 0 otherwise",
        this.registry,
        [0.5],
      ),
    ),
  );

  private readonly invocationsPerInstance = new PlainCounter(
    "InvocationsPerInstance",
    "Invocations normalized by the variant's instance count: 1/N per request",
    this.registry,
  );

  constructor(
    loadedModelCounts: () => Promise<LoadedModelCount[]> = async () => [],
    private readonly sinks: OperatingViewSinks = {},
  ) {
    new Gauge({
      name: "LoadedModelCount",
      help: "Models loaded in the containers of the endpoint variant: Sum over its instances (copies count)",
      labelNames: ENDPOINT_LABELS,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const entry of await loadedModelCounts()) {
          this.inc({ EndpointName: entry.endpointName, VariantName: entry.variantName }, entry.count);
        }
      },
    });
    new Gauge({
      name: "mme_instance_LoadedModelCount",
      help: "Per instance: models loaded in its container (SageMaker emits LoadedModelCount per instance)",
      labelNames: [...ENDPOINT_LABELS, "InstanceId"],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const entry of await loadedModelCounts()) {
          if (entry.instanceId === undefined) continue;
          this.set(
            {
              EndpointName: entry.endpointName,
              VariantName: entry.variantName,
              InstanceId: entry.instanceId,
            },
            entry.count,
          );
        }
      },
    });
  }

  /**
   * The labels of an endpoint variant's invocations, one object per variant (`spec` is the variant's
   * lasting description): what recordInvocation is given, found again without building a key.
   */
  endpointLabels(spec: { endpointName: string; variantName: string }): InvocationLabels {
    let labels = this.labelsBySpec.get(spec);
    if (!labels) {
      labels = { endpointName: spec.endpointName, variantName: spec.variantName };
      this.labelsBySpec.set(spec, labels);
    }
    return labels;
  }

  /** The same for one target model, one object per (lasting) model reference. */
  modelLabels(ref: ModelRef, variantName: string): InvocationLabels {
    let labels = this.labelsByRef.get(ref);
    if (!labels || labels.variantName !== variantName) {
      labels = { endpointName: ref.endpointName, variantName, targetModel: ref.targetModel };
      this.labelsByRef.set(ref, labels);
    }
    return labels;
  }

  /** A request routed to one of `instanceCount` instances: InvocationsPerInstance gets 1/N. */
  recordRouted(labels: InvocationLabels, instanceCount: number): void {
    const set = this.labelSetOf(labels);
    this.invocationsPerInstance.of(set.endpointKey, set.endpoint).value += 1 / instanceCount;
    this.put(set, "InvocationsPerInstance", 1 / instanceCount, this.sinks.metricStore?.now());
  }

  /** A 2xx answer: recordInvocation's work for the common case, with nothing allocated. */
  recordSuccess(
    labels: InvocationLabels,
    totalMicros: number,
    modelLatencyMicros: number,
    timings: { cacheHit: boolean; waitMicros: number },
  ): void {
    const set = this.labelSetOf(labels);
    const overheadMicros = Math.max(0, totalMicros - modelLatencyMicros);
    this.invocations.inc(set);
    this.modelLatency.observe(set, modelLatencyMicros);
    this.overheadLatency.observe(set, overheadMicros);
    this.cacheHit.observe(set, timings.cacheHit ? 1 : 0);
    if (!timings.cacheHit) this.loadingWait.observe(set, timings.waitMicros);
    const store = this.sinks.metricStore;
    if (!store) return;
    // One clock read for the request's eight CloudWatch values (they share a minute bucket anyway).
    const at = store.now();
    this.put(set, "Invocations", 1, at);
    this.put(set, "Invocation4XXErrors", 0, at);
    this.put(set, "Invocation5XXErrors", 0, at);
    this.put(set, "InvocationModelErrors", 0, at);
    this.put(set, "ModelLatency", modelLatencyMicros, at);
    this.put(set, "OverheadLatency", overheadMicros, at);
    this.put(set, "ModelCacheHit", timings.cacheHit ? 1 : 0, at);
    if (!timings.cacheHit) this.put(set, "ModelLoadingWaitTime", timings.waitMicros, at);
  }

  recordInvocation(labels: InvocationLabels, outcome: InvocationOutcome): void {
    const set = this.labelSetOf(labels);
    this.invocations.inc(set);
    if (outcome.clientHungUp) this.hungUp.inc(set);
    if (outcome.status >= 400 && outcome.status < 500) this.errors4xx.inc(set);
    if (outcome.status >= 500) this.errors5xx.inc(set);
    if (outcome.modelError) this.modelErrors.inc(set);
    if (outcome.modelLatencyMicros !== undefined) this.modelLatency.observe(set, outcome.modelLatencyMicros);
    this.overheadLatency.observe(set, outcome.overheadMicros);
    if (outcome.cacheHit !== undefined) this.cacheHit.observe(set, outcome.cacheHit ? 1 : 0);
    if (outcome.cacheHit === false && outcome.waitMicros !== undefined) {
      this.loadingWait.observe(set, outcome.waitMicros);
    }
    this.publishInvocation(labels, set, outcome);
  }

  /** SageMaker's per-request CloudWatch values: 1 per invocation, 1/0 per error kind and cache hit. */
  private publishInvocation(labels: InvocationLabels, set: LabelSet, outcome: InvocationOutcome): void {
    const put = (metric: SageMakerMetric, value: number) => this.put(set, metric, value);
    put("Invocations", 1);
    put("Invocation4XXErrors", outcome.status >= 400 && outcome.status < 500 ? 1 : 0);
    put("Invocation5XXErrors", outcome.status >= 500 ? 1 : 0);
    put("InvocationModelErrors", outcome.modelError ? 1 : 0);
    if (outcome.modelLatencyMicros !== undefined) put("ModelLatency", outcome.modelLatencyMicros);
    put("OverheadLatency", outcome.overheadMicros);
    if (outcome.cacheHit !== undefined) put("ModelCacheHit", outcome.cacheHit ? 1 : 0);
    if (outcome.cacheHit === false && outcome.waitMicros !== undefined) {
      put("ModelLoadingWaitTime", outcome.waitMicros);
    }
    if (outcome.status >= 400) {
      const error = outcome.error as { name?: string; message?: string } | undefined;
      this.activity(labels, {
        kind: "invocation-error",
        status: outcome.status,
        reason: error?.name ?? "Error",
        message: error?.message ?? `status ${outcome.status}`,
        ...(outcome.requestId === undefined ? {} : { requestId: outcome.requestId }),
        ...(outcome.instanceId === undefined ? {} : { instanceId: outcome.instanceId }),
      });
    }
  }

  private put(set: LabelSet, metric: SageMakerMetric, value: number, at?: number): void {
    const store = this.sinks.metricStore;
    if (!store) return;
    let writer = set.writers.get(metric);
    if (!writer) {
      const { EndpointName, VariantName } = set.endpoint;
      const dimensions = endpointDimensions(EndpointName, VariantName);
      writer = store.writer(namespaceOf(metric), metric, dimensions, METRIC_UNITS[metric]);
      set.writers.set(metric, writer);
    }
    writer.put(value, at);
  }

  private activity(
    labels: InvocationLabels,
    event: Omit<ActivityInput, "endpointName" | "variantName">,
  ): void {
    this.sinks.activity?.publish({
      endpointName: labels.endpointName,
      variantName: labels.variantName,
      ...(labels.targetModel === undefined ? {} : { targetModel: labels.targetModel }),
      ...event,
    });
  }

  /**
   * Watches the caches of one emulator (`scope`, cache-events.ts): download, extraction, load and unload
   * times; a model the disk tier let go for room loses its per-model series. Returns the unsubscribe.
   */
  watchCaches(scope: object): () => void {
    const set = ({ origin, ref }: { origin: CacheOrigin; ref: ModelRef }) =>
      this.labelSetOf({
        endpointName: ref.endpointName,
        variantName: origin.variantName,
        targetModel: ref.targetModel,
      });
    return watchCacheEvents(scope, {
      downloaded: (event) => {
        this.downloading.observe(set(event), event.micros);
        this.put(set(event), "ModelDownloadingTime", event.micros);
      },
      extracted: (event) => this.extraction.observe(set(event), event.micros),
      loaded: (event) => {
        this.loading.observe(set(event), event.micros);
        this.put(set(event), "ModelLoadingTime", event.micros);
      },
      unloaded: (event) => {
        this.unloading.observe(set(event), event.micros);
        this.put(set(event), "ModelUnloadingTime", event.micros);
      },
      // Per-model series stay bounded by the tiers, not by every model ever requested (10,000 models under
      // a prefix would otherwise grow /metrics forever). A Disabled endpoint deletes every model after each
      // request; its models keep their series.
      diskEvicted: ({ origin, ref, reason }) => {
        if (reason === "disk-full") this.forget(ref.endpointName, origin.variantName, ref.targetModel);
      },
    });
  }

  private forget(endpointName: string, variantName: string, targetModel: string): void {
    const labels = { endpointName, variantName, targetModel };
    // By value: a set found through a labels object (labelSetByObject) may not be the one in labelSets.
    const set = this.labelSets.get(labelKey(labels)) ?? this.newLabelSet(labels);
    for (const pair of this.pairs) pair.forget(set);
    this.labelSets.delete(labelKey(labels));
  }

  private paired<P extends { forget(set: LabelSet): void }>(pair: P): P {
    this.pairs.push(pair);
    return pair;
  }

  private labelSetOf(labels: InvocationLabels): LabelSet {
    let set = this.labelSetByObject.get(labels);
    if (set) return set;
    const key = labelKey(labels);
    set = this.labelSets.get(key);
    if (!set) {
      set = this.newLabelSet(labels);
      this.labelSets.set(key, set);
    }
    this.labelSetByObject.set(labels, set);
    return set;
  }

  private newLabelSet(labels: InvocationLabels): LabelSet {
    const endpoint = { EndpointName: labels.endpointName, VariantName: labels.variantName };
    const { targetModel } = labels;
    const endpointKey = `${labels.endpointName}\u0000${labels.variantName}`;
    let writers = this.writersByEndpoint.get(endpointKey);
    if (!writers) {
      writers = new Map();
      this.writersByEndpoint.set(endpointKey, writers);
    }
    return {
      endpoint,
      model: targetModel === undefined ? undefined : { ...endpoint, TargetModel: targetModel },
      endpointKey,
      modelKey: labelKey(labels),
      writers,
    };
  }

  /**
   * The exposition text; with `names`, only those metric families (`GET /metrics?name=ModelCacheHit&…`, as
   * node_exporter's `collect[]`): a poller of a few endpoint series need not pull every per-model series.
   */
  async render(names?: readonly string[]): Promise<{ contentType: string; body: string }> {
    if (!names || names.length === 0) {
      return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    }
    const known = names.filter((name) => this.registry.getSingleMetric(name) !== undefined);
    const parts = await Promise.all(known.map((name) => this.registry.getSingleMetricAsString(name)));
    return { contentType: this.registry.contentType, body: parts.map((part) => `${part}\n`).join("") };
  }

  private counter(name: string, help: string, endpointPrefix = ""): PairedCounter {
    return this.paired(
      new PairedCounter(
        new PlainCounter(`${endpointPrefix}${name}`, help, this.registry),
        new PlainCounter(`mme_model_${name}`, `Per model: ${help}`, this.registry),
      ),
    );
  }

  private histogram(name: string, help: string, endpointPrefix = ""): PairedHistogram {
    return this.paired(
      new PairedHistogram(
        new PlainHistogram(`${endpointPrefix}${name}`, help, this.registry, MICROSECOND_BUCKETS),
        new PlainHistogram(`mme_model_${name}`, `Per model: ${help}`, this.registry, MICROSECOND_BUCKETS),
      ),
    );
  }
}

function labelKey(labels: InvocationLabels): string {
  return `${labels.endpointName}\u0000${labels.variantName}\u0000${labels.targetModel ?? "\u0001"}`;
}
