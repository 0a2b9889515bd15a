// Builds one instance of an endpoint variant: its container (embedded runtime or HTTP) behind a ModelCache
// reading from S3, publishing its cache events under the emulator's scope (metrics and the activity feed
// watch it), and the container's output going to the instance's log stream.
import { ValidationError } from "@mme/core";
import type { ModelContainer } from "@mme/core/container";
import type { EndpointSpec, InstanceContext, OpenModelHost } from "@mme/platform";
import {
  createContainer,
  type HostDefaults,
  hostSettings,
  Instance,
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
import type { AccountScope } from "../wire/arns.js";

export interface OpenHostDeps {
  source: ModelSource;
  /** The `scope` of every cache event this emulator's instances publish (cache-events.ts). */
  eventScope: object;
  /** Parent folder of every endpoint's extracted models. */
  modelsDir: string;
  defaults: HostDefaults;
  /** The endpoint log streams (CloudWatch Logs) and the account they live in. */
  logs?: { store: LogStore; scope: AccountScope };
}

export function hostOpener(deps: OpenHostDeps): OpenModelHost {
  return async (spec: EndpointSpec, instance?: InstanceContext): Promise<Instance> => {
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
    const origin = { scope: deps.eventScope, variantName: spec.variantName, instanceId };
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
        origin,
        ...(deps.logs
          ? {
              logStreamArn: () =>
                logStreamArn(deps.logs!.scope, spec.endpointName, spec.variantName, instanceId),
            }
          : {}),
      });
    return new Instance({
      id: instanceId,
      ordinal: instance?.ordinal ?? 0,
      endpointName: spec.endpointName,
      container,
      openCache,
      resolve,
      close: () => container.close(),
    });
  };
}
