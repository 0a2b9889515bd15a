// The inference components' copies on @mme/platform: for each component, its ComponentCopies (model hosts
// of the component's model, loaded when they start, routed by the variant's RoutingStrategy). The
// component lifecycle (inference-components.ts) drives them through the narrow ComponentServing view;
// the runtime reads a component's copies through `served`.
import type {
  ComponentCopies,
  ComponentCopy,
  EndpointSpec,
  OpenModelHost,
  RoutingStrategy,
} from "@mme/platform";
import { ComponentCopies as Copies, DEFAULT_ROUTING_STRATEGY } from "@mme/platform";
import type { Logger } from "pino";
import type { ComponentRef } from "../../metrics/component-activity.js";
import type { EndpointRecord, ModelRecord } from "../records.js";
import { icInstanceId, icVariant } from "./component-instances.js";
import type { InferenceComponentRecord } from "./records.js";

/** What the component lifecycle asks of the copies: each call resolves once the copies are loaded. */
export interface ComponentServing {
  start(record: InferenceComponentRecord, copies: number): Promise<void>;
  resize(name: string, copies: number): Promise<void>;
  /** A rolling update to the record's (new) specification. */
  deploy(record: InferenceComponentRecord, copies: number): Promise<void>;
  /** The copies in service now. */
  copyCount(name: string): number;
  /** Every copy: loading, in service and draining. */
  copies(name: string): ComponentCopy[];
  /** Closes the component's copies in the background (close() waits for them). */
  stop(name: string): void;
  close(): Promise<void>;
}

/** One lasting object per component: what a request to it reads (no allocation per request). */
export interface ServedComponent {
  ref: ComponentRef;
  copies: ComponentCopies;
}

export interface ServedComponentsDeps {
  openHost: OpenModelHost;
  endpoint(name: string): EndpointRecord | undefined;
  model(name: string): ModelRecord;
  /** The variant's instance count now (managed instance scaling follows the desired copies). */
  instanceCount(endpoint: EndpointRecord, variantName: string): number;
  logger: Logger;
}

export class ServedComponents implements ComponentServing {
  readonly #served = new Map<string, ServedComponent>();
  readonly #closing = new Set<Promise<void>>();

  constructor(private readonly deps: ServedComponentsDeps) {}

  served(name: string): ServedComponent | undefined {
    return this.#served.get(name);
  }

  async start(record: InferenceComponentRecord, copies: number): Promise<void> {
    const endpoint = this.deps.endpoint(record.endpointName);
    if (!endpoint) throw new Error(`Endpoint ${record.endpointName} no longer exists.`);
    const variant = icVariant(endpoint, record.variantName);
    const served: ServedComponent = {
      ref: {
        endpointName: record.endpointName,
        variantName: record.variantName,
        componentName: record.name,
      },
      copies: new Copies({
        spec: this.#spec(record),
        openHost: this.deps.openHost,
        routing: (variant?.RoutingConfig?.RoutingStrategy ?? DEFAULT_ROUTING_STRATEGY) as RoutingStrategy,
        // Round robin over the variant's instances as they are when the copy opens.
        instanceFor: (ordinal) =>
          icInstanceId(
            endpoint,
            record.variantName,
            ordinal % Math.max(1, this.deps.instanceCount(endpoint, record.variantName)),
          ),
      }),
    };
    this.stop(record.name);
    this.#served.set(record.name, served);
    try {
      await served.copies.resize(copies);
    } catch (error) {
      if (this.#served.get(record.name) === served) this.#served.delete(record.name);
      await served.copies.close();
      throw error;
    }
  }

  resize(name: string, copies: number): Promise<void> {
    return this.#copies(name).resize(copies);
  }

  deploy(record: InferenceComponentRecord, copies: number): Promise<void> {
    return this.#copies(record.name).deploy(this.#spec(record), copies);
  }

  copyCount(name: string): number {
    return this.#served.get(name)?.copies.copyCount ?? 0;
  }

  copies(name: string): ComponentCopy[] {
    return this.#served.get(name)?.copies.all() ?? [];
  }

  stop(name: string): void {
    const served = this.#served.get(name);
    if (!served) return;
    this.#served.delete(name);
    const closing = served.copies
      .close()
      .catch((error: unknown) =>
        this.deps.logger.error({ inferenceComponent: name, err: error }, "closing copies failed"),
      )
      .finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }

  async close(): Promise<void> {
    for (const name of [...this.#served.keys()]) this.stop(name);
    await Promise.all([...this.#closing]);
  }

  #copies(name: string): ComponentCopies {
    const served = this.#served.get(name);
    if (!served) throw new Error(`Inference component ${name} has no copies open.`);
    return served.copies;
  }

  /** The component's model as one copy serves it: its ModelName's container, or the spec's own Container. */
  #spec(record: InferenceComponentRecord): EndpointSpec {
    const { ModelName, Container } = record.specification;
    const model = ModelName === undefined ? undefined : this.deps.model(ModelName);
    const container = model?.input.PrimaryContainer ?? model?.input.Containers?.[0];
    const modelDataUrl = Container?.ArtifactUrl ?? container?.ModelDataUrl;
    if (!modelDataUrl) {
      throw new Error(
        `Inference component ${record.name} names no model data (a model's ModelDataUrl or Container.ArtifactUrl): the emulator serves models from S3 only.`,
      );
    }
    const image = Container?.Image ?? container?.Image;
    return {
      endpointName: record.endpointName,
      variantName: record.variantName,
      modelName: ModelName ?? record.name,
      mode: "SingleModel",
      modelDataUrl,
      ...(image === undefined ? {} : { image }),
      environment: { ...container?.Environment, ...Container?.Environment },
      cacheSetting: "Enabled",
      componentName: record.name,
    };
  }
}
