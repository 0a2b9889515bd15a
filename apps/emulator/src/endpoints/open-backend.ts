// Builds an endpoint's backend: its container (embedded runtime or HTTP) behind a ModelCache reading
// from S3, with cache events feeding the metrics.
import { ValidationError } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import { ModelCache } from "../cache/index.js";
import { createContainer } from "../containers/index.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import { InvalidModelLocationError, resolveTarget, type S3ModelSource } from "../source/index.js";
import { type BackendDefaults, backendSettings } from "./backend-settings.js";
import type { EndpointBackend, EndpointSpec, OpenEndpointBackend } from "./endpoint-backend.js";

export interface OpenBackendDeps {
  source: S3ModelSource;
  metrics: EmulatorMetrics;
  /** Parent folder of every endpoint's extracted models. */
  modelsDir: string;
  defaults: BackendDefaults;
}

export function backendOpener(deps: OpenBackendDeps): OpenEndpointBackend {
  return async (spec: EndpointSpec): Promise<EndpointBackend> => {
    const settings = backendSettings(spec, deps.defaults);
    // The HTTP container is told each model's TargetModel, as SageMaker sends it on load and unload.
    let cache: ModelCache | undefined;
    const targetModelOf = (containerModelName: string) =>
      cache?.status().models.find((m) => m.containerModelName === containerModelName)?.targetModel;
    const container: ModelContainer = await createContainer(
      settings.container.kind === "http" ? { ...settings.container, targetModelOf } : settings.container,
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
      events: deps.metrics.cacheEvents(spec.endpointName, spec.variantName),
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
