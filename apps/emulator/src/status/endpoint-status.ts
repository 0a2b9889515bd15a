// GET /mme/status: what each endpoint's instances hold, as JSON (the emulator's own view; not an AWS API).
// An endpoint for inference components lists its components (component-status.ts) instead of caches.
// The top-level cache fields add up every instance of the first variant (loadedModels lists each copy);
// `variants[].instances[]` has each instance's own tiers, and `routing` the policy that placed them.
import type { ModelCacheStatus } from "@mme/platform";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { isInferenceComponentConfig } from "../control-plane/inference-components/inference-components.js";
import type { ServedVariant } from "../control-plane/records.js";
import { type ComponentStatusView, componentStatuses } from "./component-status.js";

export const ROUTING_POLICY =
  "affinity: to the least busy instance holding the model while under busyThreshold in-flight requests; " +
  "otherwise (cold, or every holder busy) to the least loaded instance, which loads it too";

interface TierBytes {
  memory: { used: number; limit: number };
  disk: { used: number; limit: number };
}

export interface InstanceStatusView {
  instanceId: string;
  loadedModelCount: number;
  loadedModels: string[];
  diskEntries: string[];
  inFlight: number;
  invocations: number;
  bytes: TierBytes;
  hitRatio: number | null;
}

export interface VariantStatusView {
  variantName: string;
  currentWeight: number;
  desiredWeight: number;
  currentInstanceCount: number;
  desiredInstanceCount: number;
  /** Sum of 1/N over the variant's requests: SageMaker's InvocationsPerInstance, cumulative. */
  invocationsPerInstance: number;
  routing: { policy: string; busyThreshold: number };
  instances: InstanceStatusView[];
}

export interface EndpointStatusView {
  endpointName: string;
  endpointStatus: string;
  variantName?: string;
  mode?: string;
  modelDataUrl?: string;
  cacheSetting?: string;
  loadedModels?: string[];
  diskEntries?: string[];
  bytes?: TierBytes;
  hitRatio?: number | null;
  inFlight?: number;
  models?: ModelCacheStatus["models"];
  variants?: VariantStatusView[];
  /** On an endpoint for inference components (its variants name no model): its components and their copies. */
  inferenceComponents?: ComponentStatusView[];
}

export async function endpointStatuses(plane: ControlPlane): Promise<EndpointStatusView[]> {
  return Promise.all(
    [...plane.endpoints.values()].map(async (record): Promise<EndpointStatusView> => {
      const base = { endpointName: record.name, endpointStatus: record.status };
      if (isInferenceComponentConfig(record.config)) {
        return { ...base, inferenceComponents: componentStatuses(plane.inferenceComponents, record) };
      }
      if (!record.variants?.length) return base;
      const variants = await Promise.all(record.variants.map(variantStatus));
      const first = record.variants[0]!;
      const caches = variants[0]!.caches;
      const sum = (pick: (c: ModelCacheStatus) => number) => caches.reduce((total, c) => total + pick(c), 0);
      const lookups = sum((c) => c.hits + c.misses);
      const models = caches.flatMap((c) => c.models);
      return {
        ...base,
        variantName: first.spec.variantName,
        mode: first.spec.mode,
        modelDataUrl: first.spec.modelDataUrl,
        cacheSetting: first.spec.cacheSetting,
        loadedModels: models.filter((m) => m.tier === "memory").map((m) => m.targetModel),
        diskEntries: models.map((m) => m.targetModel),
        bytes: {
          memory: { used: sum((c) => c.memoryBytesUsed), limit: sum((c) => c.memoryBytesLimit) },
          disk: { used: sum((c) => c.diskBytesUsed), limit: sum((c) => c.diskBytesLimit) },
        },
        hitRatio: lookups === 0 ? null : sum((c) => c.hits) / lookups,
        inFlight: models.reduce((total, m) => total + m.inFlight, 0),
        models,
        variants: variants.map((v) => v.view),
      };
    }),
  );
}

async function variantStatus(variant: ServedVariant) {
  const caches = await Promise.all(variant.fleet.instances.map((instance) => instance.status()));
  const instances = variant.fleet.instances.map((instance, i): InstanceStatusView => {
    const cache = caches[i]!;
    const lookups = cache.hits + cache.misses;
    return {
      instanceId: instance.id,
      loadedModelCount: cache.loadedCount,
      loadedModels: cache.models.filter((m) => m.tier === "memory").map((m) => m.targetModel),
      diskEntries: cache.models.map((m) => m.targetModel),
      inFlight: instance.inFlight,
      invocations: instance.invocations,
      bytes: {
        memory: { used: cache.memoryBytesUsed, limit: cache.memoryBytesLimit },
        disk: { used: cache.diskBytesUsed, limit: cache.diskBytesLimit },
      },
      hitRatio: lookups === 0 ? null : cache.hits / lookups,
    };
  });
  const view: VariantStatusView = {
    variantName: variant.spec.variantName,
    currentWeight: variant.currentWeight,
    desiredWeight: variant.desiredWeight,
    currentInstanceCount: variant.fleet.instanceCount,
    desiredInstanceCount: variant.desiredInstanceCount,
    invocationsPerInstance: variant.fleet.invocationsPerInstance,
    routing: { policy: ROUTING_POLICY, busyThreshold: variant.fleet.busyThreshold },
    instances,
  };
  return { view, caches };
}
