// The composition root: embedded S3 (unless an external one is given), seeded registry models, the
// control plane with its start-up endpoints, the HTTP server; and an orderly close().

import { randomBytes } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import type { OpenModelHost } from "@mme/platform";
import { EmbeddedS3ModelSource, type ModelSource, S3ModelSource } from "@mme/platform";
import type { Logger } from "pino";
import { type AuthKey, type AuthKeys, readAuthKeys } from "../auth/auth-keys.js";
import type { VerifyOptions } from "../auth/sigv4.js";
import { type EmulatorConfig, REPO_ROOT } from "../config/emulator-config.js";
import { ControlPlane } from "../control-plane/control-plane.js";
import { declareEndpoint, localProfileEndpoint } from "../control-plane/declare-endpoint.js";
import { readEndpointsFile } from "../control-plane/endpoints-file.js";
import { hostOpener } from "../endpoints/open-host.js";
import { answerParserErrors } from "../http/client-error.js";
import { createServer } from "../http/create-server.js";
import { continueOnlyWithinLimits } from "../http/expect-continue.js";
import { watchCacheActivity } from "../metrics/cache-activity.js";
import { ComponentGauges } from "../metrics/component-gauges.js";
import { ComponentMetrics } from "../metrics/component-metrics.js";
import { ComponentPrometheus } from "../metrics/component-prometheus.js";
import { EmulatorMetrics } from "../metrics/metrics.js";
import { type EmbeddedS3, startEmbeddedS3 } from "../s3/embedded-s3.js";
import { seedRegistryModels } from "../s3/seed-registry-models.js";
import { EmulatorState } from "../state/emulator-state.js";
import { OperatingView } from "../status/operating-view.js";
import { servingInstances } from "../status/serving-instances.js";
import { InFlight } from "../wire/in-flight.js";
import { emulatorLogger } from "./emulator-logger.js";

export interface StartOptions {
  logger?: Logger;
  /** Replaces the real model host (ModelCache + container); for tests of the HTTP layer alone. */
  openHost?: OpenModelHost;
  /** Where the registry models to seed live (default: <repo>/model_registry). */
  registryDir?: string;
}

export interface RunningEmulator {
  /** http://host:port of the SageMaker (Runtime) API. */
  url: string;
  s3Url: string;
  plane: ControlPlane;
  metrics: EmulatorMetrics;
  /** CloudWatch metrics and logs, the activity feed (the explorer's and `mme metrics`' source). */
  view: OperatingView;
  logger: Logger;
  /** With --auth sigv4, how many keys are accepted; undefined when authentication is off. */
  authKeyCount?: number;
  /** Stop accepting, drain in-flight work, unload models, stop the embedded S3. Idempotent. */
  close(): Promise<void>;
}

export async function startEmulator(
  config: EmulatorConfig,
  options: StartOptions = {},
): Promise<RunningEmulator> {
  const logger = options.logger ?? emulatorLogger(config.logLevel, config.logFormat);
  const modelsDir = join(config.dataDir, "models");
  await emptyFolder(modelsDir);
  const state = await EmulatorState.open({ dataDir: config.dataDir, reset: config.reset, logger });
  const keys = config.auth === "sigv4" ? await readAuthKeys(config.authKeysFile!) : undefined;
  // The emulator's own S3 client signs with a key of its own, known to its embedded S3 only.
  const internalKey = keys && !config.s3Url ? emulatorS3Key(config.accountId) : undefined;
  const apiAuth: VerifyOptions | undefined = keys ? { keys, region: config.region } : undefined;
  const s3Auth: VerifyOptions | undefined =
    keys && internalKey ? { keys: withKey(keys, internalKey), region: config.region } : undefined;
  const embedded: EmbeddedS3 | undefined = config.s3Url
    ? undefined
    : await startEmbeddedS3({
        host: config.host,
        port: config.s3Port,
        directory: join(config.dataDir, "s3"),
        buckets: [LOCAL_PROFILE.bucketName],
        ...(s3Auth ? { auth: s3Auth } : {}),
      });
  const s3Url = config.s3Url ?? embedded!.url;
  const s3 = createS3Client({
    endpoint: s3Url,
    region: config.region,
    credentials: internalKey ?? (embedded ? LOCAL_PROFILE.credentials : undefined),
  });
  // Models in the embedded S3 are read from its store in-process; an external S3 through the SDK.
  const source: ModelSource = embedded
    ? new EmbeddedS3ModelSource(embedded)
    : new S3ModelSource({ client: s3 });
  const inFlight = new InFlight();
  let shuttingDown = false;
  let server: Server | undefined;

  const cleanupSoFar = async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await state.close();
    await plane.close();
    for (const stop of unwatchCaches) stop();
    componentGauges.stop();
    view.close();
    s3.destroy();
    await embedded?.close();
  };

  // The plane writes into the view's stores and the metrics; they read the plane once it exists.
  const view = new OperatingView();
  const metrics = new EmulatorMetrics(() => view.loadedModelCounts(), {
    metricStore: view.metricStore,
    activity: view.activity,
  });
  // Every instance's cache publishes its events under this scope (cache-events.ts): the metrics and the
  // activity feed (whence the endpoint logs) watch it; another emulator in the process has its own.
  const eventScope = {};
  const unwatchCaches = [metrics.watchCaches(eventScope), watchCacheActivity(view.activity, eventScope)];
  const componentMetrics = new ComponentMetrics(view.metricStore, new ComponentPrometheus(metrics.registry));
  const plane = new ControlPlane({
    metricStore: view.metricStore,
    componentMetrics,
    region: config.region,
    accountId: config.accountId,
    createDelayMs: config.createDelayMs,
    autoscalingTimeScale: config.autoscalingTimeScale,
    busyThreshold: config.routingBusyThreshold,
    onChange: () => state.savePlane(),
    onRouted: (routed) => {
      metrics.recordRouted(metrics.endpointLabels(routed.spec), routed.instanceCount);
      // At debug level these lines are a request trace `mme plan --trace` reads (guarded: the fields
      // would be built for every request even with debug off).
      if (!logger.isLevelEnabled("debug")) return;
      logger.debug(
        {
          endpoint: routed.endpointName,
          variant: routed.variantName,
          instanceId: routed.instance.id,
          targetModel: routed.targetModel,
        },
        "routed",
      );
    },
    logger,
    openHost:
      options.openHost ??
      hostOpener({
        source,
        eventScope,
        modelsDir,
        logs: { store: view.logs, scope: { region: config.region, accountId: config.accountId } },
        defaults: {
          ...(config.containerUrl === undefined ? {} : { containerUrl: config.containerUrl }),
          memoryBytes: config.memoryBytes,
          diskBytes: config.diskBytes,
          ...(config.maxLoadedModels === undefined ? {} : { maxLoadedModels: config.maxLoadedModels }),
          waitBudgetMs: config.waitBudgetMs,
          loadTimeoutMs: config.loadTimeoutMs,
        },
      }),
  });
  view.watch(() => servingInstances(plane));
  const componentGauges = new ComponentGauges(componentMetrics, () =>
    plane.inferenceComponents.list().map((c) => ({
      componentName: c.name,
      copyCount: c.currentCopyCount,
      cpuCores: c.specification.ComputeResourceRequirements?.NumberOfCpuCoresRequired,
      memoryMb: c.specification.ComputeResourceRequirements?.MinMemoryRequiredInMb,
    })),
  );
  componentGauges.start();

  try {
    await state.restore(plane, view.logs);
    if (config.seed && embedded) {
      await seedRegistryModels({
        s3,
        registryDir: options.registryDir ?? join(REPO_ROOT, "model_registry"),
        modelDataUrl: LOCAL_PROFILE.modelDataUrl,
        logger,
      });
    }
    const declared = config.configFile ? await readEndpointsFile(config.configFile) : [];
    const startup = [...(config.defaultEndpoint ? [localProfileEndpoint()] : []), ...declared];
    for (const endpoint of startup) {
      const record = await declareEndpoint(plane, endpoint);
      if (record.status !== "InService") {
        logger.error({ endpoint: record.name, reason: record.failureReason }, "start-up endpoint failed");
      }
    }

    const listener = createServer({
      plane,
      metrics,
      componentActivity: componentMetrics,
      view,
      logger,
      s3,
      inFlight,
      isShuttingDown: () => shuttingDown,
      ...(apiAuth ? { auth: apiAuth } : {}),
    });
    server = createHttpServer(listener);
    answerParserErrors(server, logger);
    continueOnlyWithinLimits(server);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await cleanupSoFar().catch(() => undefined);
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      shuttingDown = true;
      const stopped = new Promise((resolve) => server!.close(resolve));
      server!.closeIdleConnections();
      const drained = await inFlight.drain(config.drainTimeoutMs);
      if (!drained) logger.warn({ inFlight: inFlight.size }, "drain timed out; closing anyway");
      server!.closeAllConnections();
      await stopped;
      await state.close();
      await plane.close();
      for (const stop of unwatchCaches) stop();
      componentGauges.stop();
      view.close();
      s3.destroy();
      await embedded?.close();
    })();
    return closing;
  };

  return {
    url: `http://${config.host}:${port}`,
    s3Url,
    plane,
    metrics,
    logger,
    view,
    ...(keys ? { authKeyCount: keys.size } : {}),
    close,
  };
}

/**
 * A restart starts from an empty disk tier: what an older run extracted is not tracked. The folder
 * itself stays, since it may be a mounted volume (/opt/ml/models shared with a Triton container).
 */
async function emptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(dir)) await rm(join(dir, entry), { recursive: true, force: true });
}

function emulatorS3Key(accountId: string): AuthKey {
  return {
    accessKeyId: `MMEEMULATOR${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    principal: `arn:aws:iam::${accountId}:role/mme-emulator`,
  };
}

function withKey(keys: AuthKeys, key: AuthKey): AuthKeys {
  return new Map([...keys, [key.accessKeyId, key]]);
}
