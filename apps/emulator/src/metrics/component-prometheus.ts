// The inference components' invocation metrics on GET /metrics, beside the endpoints': SageMaker's names
// prefixed `mme_component_` (the bare names already carry the endpoint series' labels), labelled
// EndpointName, VariantName and InferenceComponentName; times in microseconds as histograms.
import { Counter, Histogram, type Registry } from "prom-client";
import type { ComponentInvocation, ComponentRef } from "./component-activity.js";
import { MICROSECOND_BUCKETS } from "./metrics.js";

const LABELS = ["EndpointName", "VariantName", "InferenceComponentName"] as const;
const PREFIX = "mme_component_";

export class ComponentPrometheus {
  readonly #invocations: Counter;
  readonly #perCopy: Counter;
  readonly #errors4xx: Counter;
  readonly #errors5xx: Counter;
  readonly #noCapacity: Counter;
  readonly #modelLatency: Histogram;
  readonly #overheadLatency: Histogram;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name: `${PREFIX}${name}`, help, labelNames: LABELS, registers: [registry] });
    const histogram = (name: string, help: string) =>
      new Histogram({
        name: `${PREFIX}${name}`,
        help,
        labelNames: LABELS,
        buckets: MICROSECOND_BUCKETS,
        registers: [registry],
      });
    this.#invocations = counter("Invocations", "Requests sent to the inference component");
    this.#perCopy = counter(
      "InvocationsPerCopy",
      "Invocations normalized by the component's copies: 1/N per request",
    );
    this.#errors4xx = counter("Invocation4XXErrors", "Component requests answered with a 4XX status");
    this.#errors5xx = counter("Invocation5XXErrors", "Component requests answered with a 5XX status");
    this.#noCapacity = counter(
      "NoCapacityInvocationFailures",
      "Requests that found no copy of the component to serve them",
    );
    this.#modelLatency = histogram("ModelLatency", "Time the component's container took to answer (µs)");
    this.#overheadLatency = histogram("OverheadLatency", "Time added by the platform (µs)");
  }

  invoked(invocation: ComponentInvocation): void {
    const labels = labelsOf(invocation);
    this.#invocations.inc(labels);
    if (invocation.copyCount > 0) this.#perCopy.inc(labels, 1 / invocation.copyCount);
    if (invocation.outcome === "4xx") this.#errors4xx.inc(labels);
    if (invocation.outcome === "5xx") this.#errors5xx.inc(labels);
    this.#modelLatency.observe(labels, invocation.modelLatencyMs * 1000);
    this.#overheadLatency.observe(labels, invocation.overheadLatencyMs * 1000);
  }

  noCapacity(component: ComponentRef): void {
    this.#noCapacity.inc(labelsOf(component));
  }
}

function labelsOf(ref: ComponentRef): Record<(typeof LABELS)[number], string> {
  return {
    EndpointName: ref.endpointName,
    VariantName: ref.variantName,
    InferenceComponentName: ref.componentName,
  };
}
