// Builds an endpoint's backend: its container (embedded runtime or HTTP) behind a ModelCache reading
// from S3, with cache events feeding the metrics.
import { ValidationError } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import { ModelCache } from "../cache/index.js";
import type { ModelCacheEvents } from "../cache/types.js";
import { type ContainerConfig, createContainer } from "../containers/index.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import { InvalidModelLocationError, resolveTarget, type S3ModelSource } from "../source/index.js";
import {
  type BackendDefaults,
  type BackendSettings,
  backendSettings,
  instanceContainer,
} from "./backend-settings.js";
import type {
  EndpointBackend,
  EndpointSpec,
  InstanceContext,
  OpenEndpointBackend,
} from "./endpoint-backend.js";

export interface OpenBackendDeps {
  source: S3ModelSource;
  metrics: EmulatorMetrics;
  /** Parent folder of every endpoint's extracted models. */
  modelsDir: string;
  defaults: BackendDefaults;
}

export function backendOpener(deps: OpenBackendDeps): OpenEndpointBackend {
  return async (spec: EndpointSpec, instance?: InstanceContext): Promise<EndpointBackend> => {
    const settings = backendSettings(spec, deps.defaults);
    let cache: ModelCache | undefined;
    const targetModelOf = (containerModelName: string) =>
      cache?.status().models.find((m) => m.containerModelName === containerModelName)?.targetModel;
    const container: ModelContainer = await createContainer(
      withTargetModels(instanceContainer(settings, instance?.ordinal ?? 0), targetModelOf),
    );
    const ping = await container.ping();
    if (ping.status !== 200) {
      await container.close();
      throw new Error(`The container did not answer GET /ping with 200 (got ${ping.status}).`);
    }
    // Every endpoint shares one models folder, as Triton's SageMaker mode requires
    // <models>/<name>/model; the cache's names hash the endpoint with the target, so they never clash.
    cache = new ModelCache({
      source: deps.source,
      container,
      rootDir: deps.modelsDir,
      diskBytes: settings.diskBytes,
      memoryBytes: settings.memoryBytes,
      ...(settings.maxLoadedModels === undefined ? {} : { maxLoadedModels: settings.maxLoadedModels }),
      waitBudgetMs: settings.waitBudgetMs,
      loadTimeoutMs: settings.loadTimeoutMs,
      cacheSetting: spec.cacheSetting,
      events: bothEvents(deps.metrics.cacheEvents(spec.endpointName, spec.variantName), instance?.events),
    });
    const ready = cache;
    return {
      container,
      resolve: (targetModel) => {
        try {
          return resolveTarget(spec.modelDataUrl, targetModel);
        } catch (error) {
          if (error instanceof InvalidModelLocationError) throw new ValidationError(error.message);
          throw error;
        }
      },
      acquire: (ref, options) => ready.acquire(ref, options),
      markLost: (ref) => ready.markLost(ref),
      status: () => ready.status(),
      close: async () => {
        try {
          await ready.close();
        } finally {
          await container.close();
        }
      },
    };
  };
}

/** An HTTP container is told each model's TargetModel, as SageMaker sends it on load and unload. */
function withTargetModels(
  container: BackendSettings["container"],
  targetModelOf: (containerModelName: string) => string | undefined,
): ContainerConfig {
  return container.kind === "http" ? { ...container, targetModelOf } : container;
}

function bothEvents(first: ModelCacheEvents, second: ModelCacheEvents | undefined): ModelCacheEvents {
  if (!second) return first;
  const names = new Set([...Object.keys(first), ...Object.keys(second)]) as Set<keyof ModelCacheEvents>;
  const merged: Record<string, (...args: never[]) => void> = {};
  for (const name of names) {
    merged[name] = (...args: never[]) => {
      (first[name] as ((...a: never[]) => void) | undefined)?.(...args);
      (second[name] as ((...a: never[]) => void) | undefined)?.(...args);
    };
  }
  return merged as ModelCacheEvents;
}
