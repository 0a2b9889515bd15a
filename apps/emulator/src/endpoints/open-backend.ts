// Builds an endpoint's backend: its container (embedded runtime or HTTP) behind a ModelCache reading
// from S3, with cache events feeding the metrics. Each endpoint has its own folder under rootDir.
import { rm } from "node:fs/promises";
import { join } from "node:path";
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
    const container: ModelContainer = await createContainer(settings.container);
    const ping = await container.ping();
    if (ping.status !== 200) {
      await container.close();
      throw new Error(`The container did not answer GET /ping with 200 (got ${ping.status}).`);
    }
    const rootDir = join(deps.modelsDir, spec.endpointName);
    // A restart starts from an empty disk tier: what an older run extracted is not tracked.
    await rm(rootDir, { recursive: true, force: true });
    const cache = new ModelCache({
      source: deps.source,
      container,
      rootDir,
      diskBytes: settings.diskBytes,
      memoryBytes: settings.memoryBytes,
      ...(settings.maxLoadedModels === undefined ? {} : { maxLoadedModels: settings.maxLoadedModels }),
      waitBudgetMs: settings.waitBudgetMs,
      loadTimeoutMs: settings.loadTimeoutMs,
      cacheSetting: spec.cacheSetting,
      events: deps.metrics.cacheEvents(spec.endpointName, spec.variantName),
    });
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
      acquire: (ref, options) => cache.acquire(ref, options),
      status: () => cache.status(),
      close: async () => {
        try {
          await cache.close();
        } finally {
          await container.close();
        }
      },
    };
  };
}
