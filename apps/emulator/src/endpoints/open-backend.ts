// Builds an endpoint's backend: its container (embedded runtime or HTTP) behind a ModelCache reading
// from S3, with cache events feeding the metrics, and the container's output going to the endpoint's
// log stream.
import { ValidationError } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import { pino } from "pino";
import { ModelCache } from "../cache/index.js";
import type { ModelRef } from "../cache/types.js";
import { createContainer } from "../containers/index.js";
import type { AccountScope } from "../control-plane/arns.js";
import { containerLogDestination } from "../logs/endpoint-log.js";
import { logStreamArn } from "../logs/log-names.js";
import type { LogStore } from "../logs/log-store.js";
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
  /** The endpoint log streams (CloudWatch Logs) and the account they live in. */
  logs?: { store: LogStore; scope: AccountScope };
}

export function backendOpener(deps: OpenBackendDeps): OpenEndpointBackend {
  return async (spec: EndpointSpec): Promise<EndpointBackend> => {
    const settings = backendSettings(spec, deps.defaults);
    const containerLogger = deps.logs
      ? pino({ level: "info" }, containerLogDestination(deps.logs.store, spec.endpointName, spec.variantName))
      : undefined;
    const container: ModelContainer = await createContainer(
      settings.container.kind === "embedded" && containerLogger
        ? { kind: "embedded", options: { logger: containerLogger } }
        : settings.container,
    );
    const ping = await container.ping();
    if (ping.status !== 200) {
      await container.close();
      throw new Error(`The container did not answer GET /ping with 200 (got ${ping.status}).`);
    }
    const resolve = (targetModel: string) => {
      try {
        return resolveTarget(spec.modelDataUrl, targetModel);
      } catch (error) {
        if (error instanceof InvalidModelLocationError) throw new ValidationError(error.message);
        throw error;
      }
    };
    // An explorer unload goes through markLost, which the cache reports as container-lost.
    const requestedUnloads = new Set<string>();
    const events = deps.metrics.cacheEvents(spec.endpointName, spec.variantName, (ref, reason) =>
      reason === "container-lost" && requestedUnloads.delete(ref.targetModel) ? "requested" : reason,
    );
    // Every endpoint shares one models folder, as Triton's SageMaker mode requires
    // <models>/<name>/model; the cache's names hash the endpoint with the target, so they never clash.
    const openCache = () =>
      new ModelCache({
        source: deps.source,
        container,
        rootDir: deps.modelsDir,
        diskBytes: settings.diskBytes,
        memoryBytes: settings.memoryBytes,
        ...(settings.maxLoadedModels === undefined ? {} : { maxLoadedModels: settings.maxLoadedModels }),
        waitBudgetMs: settings.waitBudgetMs,
        loadTimeoutMs: settings.loadTimeoutMs,
        cacheSetting: spec.cacheSetting,
        events,
        ...(deps.logs
          ? { logStreamArn: () => logStreamArn(deps.logs!.scope, spec.endpointName, spec.variantName) }
          : {}),
      });
    let cache = openCache();
    const refOf = (targetModel: string): ModelRef => ({
      endpointName: spec.endpointName,
      targetModel,
      ...resolve(targetModel),
    });
    return {
      container,
      resolve,
      acquire: (ref, options) => cache.acquire(ref, options),
      markLost: (ref) => cache.markLost(ref),
      status: () => cache.status(),
      unload: (targetModel) => {
        const model = cache.status().models.find((m) => m.targetModel === targetModel);
        if (model?.tier !== "memory") return "not-loaded";
        if (model.inFlight > 0) return "in-use";
        requestedUnloads.add(targetModel);
        cache.markLost(refOf(targetModel));
        return "unloaded";
      },
      reset: async () => {
        const old = cache;
        cache = openCache();
        await old.close();
      },
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
