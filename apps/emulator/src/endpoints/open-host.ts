// Builds one instance of an endpoint variant: its container (embedded runtime or HTTP) behind a ModelCache
// reading from S3, with cache events feeding the metrics, and the container's output going to the
// instance's log stream.
import { ValidationError } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import type {
  EndpointSpec,
  InstanceContext,
  ModelCacheEvents,
  ModelHost,
  ModelRef,
  OpenModelHost,
} from "@mme/platform";
import {
  createContainer,
  type HostDefaults,
  hostSettings,
  InvalidModelLocationError,
  instanceContainer,
  ModelCache,
  type ModelSource,
  resolveTarget,
} from "@mme/platform";
import { pino } from "pino";
import { containerLogDestination, copyLogDestination } from "../logs/endpoint-log.js";
import { derivedInstanceId, logStreamArn } from "../logs/log-names.js";
import type { LogStore } from "../logs/log-store.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import type { AccountScope } from "../wire/arns.js";

export interface OpenHostDeps {
  source: ModelSource;
  metrics: EmulatorMetrics;
  /** Parent folder of every endpoint's extracted models. */
  modelsDir: string;
  defaults: HostDefaults;
  /** The endpoint log streams (CloudWatch Logs) and the account they live in. */
  logs?: { store: LogStore; scope: AccountScope };
}

export function hostOpener(deps: OpenHostDeps): OpenModelHost {
  return async (spec: EndpointSpec, instance?: InstanceContext): Promise<ModelHost> => {
    const settings = hostSettings(spec, deps.defaults);
    const instanceId = instance?.instanceId ?? derivedInstanceId(spec.endpointName);
    const containerLogger = deps.logs
      ? pino(
          { level: "info" },
          spec.componentName !== undefined && instance?.copyId !== undefined
            ? copyLogDestination(deps.logs.store, spec.componentName, instanceId, instance.copyId)
            : containerLogDestination(deps.logs.store, spec.endpointName, spec.variantName, instanceId),
        )
      : undefined;
    const containerConfig = instanceContainer(settings, instance?.ordinal ?? 0);
    const container: ModelContainer = await createContainer(
      containerConfig.kind === "embedded" && containerLogger
        ? { kind: "embedded", options: { logger: containerLogger } }
        : containerConfig,
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
    const events = bothEvents(
      deps.metrics.cacheEvents(spec.endpointName, spec.variantName, { instanceId }),
      instance?.events,
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
          ? {
              logStreamArn: () =>
                logStreamArn(deps.logs!.scope, spec.endpointName, spec.variantName, instanceId),
            }
          : {}),
      });
    let current = openCache();
    const refOf = (targetModel: string): ModelRef => ({
      endpointName: spec.endpointName,
      targetModel,
      ...resolve(targetModel),
    });
    return {
      instanceId,
      container,
      resolve,
      acquire: (ref, options) => current.acquire(ref, options),
      acquireWarm: (ref) => current.acquireWarm(ref),
      markLost: (ref) => current.markLost(ref),
      status: () => current.status(),
      unload: (targetModel) => current.unload(refOf(targetModel)),
      reset: async () => {
        const old = current;
        current = openCache();
        await old.close();
      },
      close: async () => {
        try {
          await current.close();
        } finally {
          await container.close();
        }
      },
    };
  };
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
