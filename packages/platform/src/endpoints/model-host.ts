// What serves one instance of an endpoint variant: a model cache in front of one container. The HTTP layer only
// sees this interface; the composition root (lifecycle/) builds it from ModelCache + container.
import type { ModelContainer } from "@mme/core/container";
import type {
  AcquireResult,
  ModelCacheEvents,
  ModelCacheSetting,
  ModelCacheStatus,
  ModelRef,
} from "../cache/types.js";

export interface EndpointSpec {
  endpointName: string;
  variantName: string;
  modelName: string;
  mode: "MultiModel" | "SingleModel";
  /** S3 prefix (MultiModel) or the tarball itself (SingleModel). */
  modelDataUrl: string;
  image?: string;
  environment: Record<string, string>;
  cacheSetting: ModelCacheSetting;
  /** S3 folder for InvokeEndpointAsync results (AsyncInferenceConfig.OutputConfig.S3OutputPath). */
  asyncOutputPath?: string;
  asyncFailurePath?: string;
  /** The inference component whose copies this spec opens (their logs are the component's). */
  componentName?: string;
}

export interface ModelHost {
  /** The instance this host is (its log stream is <VariantName>/<instanceId>); absent in simulations. */
  readonly instanceId?: string;
  readonly container: ModelContainer;
  /** TargetModel → S3 object; throws ValidationError for a key that can't be under the prefix. */
  resolve(targetModel: string): { bucket: string; key: string };
  acquire(ref: ModelRef, options: { signal?: AbortSignal }): Promise<AcquireResult>;
  /** A warm hit, synchronously; undefined when `acquire` must load or wait. */
  acquireWarm?(ref: ModelRef): AcquireResult | undefined;
  /** The container no longer has the model (404 on invoke, e.g. after a restart): the next acquire reloads it. */
  markLost(ref: ModelRef): void;
  status(): ModelCacheStatus | Promise<ModelCacheStatus>;
  /** Unloads one idle loaded model (it stays on disk); for the explorer. */
  unload?(targetModel: string): "unloaded" | "not-loaded" | "in-use";
  /** Unloads every model and empties the disk tier; the endpoint stays in service. */
  reset?(): Promise<void>;
  /** Unload every model and release the container. */
  close(): Promise<void>;
}

/** One instance of a variant (fleet/): its id, and cache hooks the fleet's router follows. */
export interface InstanceContext {
  instanceId: string;
  /** Index among the variant's instances ever opened (0, 1, …): picks the instance's container URL. */
  ordinal: number;
  events: ModelCacheEvents;
  /** The inference-component copy this host is, when it is one. */
  copyId?: string;
}

/** Opens one instance: its own container, disk tier and memory tier. */
export type OpenModelHost = (spec: EndpointSpec, instance?: InstanceContext) => Promise<ModelHost>;
