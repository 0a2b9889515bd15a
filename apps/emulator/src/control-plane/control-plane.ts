// The emulator's SageMaker resources (models, endpoint configs, endpoints) and the endpoint lifecycle:
// CreateEndpoint answers at once with Creating; after `createDelayMs` every variant's instances open
// and the endpoint turns InService (or Failed, with the reason). UpdateEndpoint deploys a config on new,
// cold instances while the old ones serve (Updating), then drains the old; UpdateEndpointWeightsAndCapacities
// changes weights and adds cold instances or drains some. Messages follow real SageMaker's.

import type { EndpointSpec, Instance, OpenModelHost } from "@mme/platform";
import { busyThresholdFor, DEFAULT_BUSY_THRESHOLD, VariantFleet } from "@mme/platform";
import type { Logger } from "pino";
import { ApplicationAutoScaling } from "../autoscaling/application-auto-scaling.js";
import type { ScalableVariants } from "../autoscaling/scalable-variants.js";
import { MetricAlarms } from "../cloudwatch/metric-alarms.js";
import { ComponentMetrics } from "../metrics/component-metrics.js";
import { MetricStore } from "../metrics/metric-store.js";
import { type AccountScope, sagemakerArn } from "../wire/arns.js";
import { ValidationException } from "../wire/errors/sagemaker.js";
import { scalableComponents } from "./component-scaling.js";
import { Delays } from "./delays.js";
import { buildEndpointSpec } from "./endpoint-spec.js";
import {
  InferenceComponents,
  isInferenceComponentConfig,
} from "./inference-components/inference-components.js";
import { ServedComponents } from "./inference-components/served-components.js";
import {
  type EndpointState,
  endpointState,
  PLANE_STATE_VERSION,
  type PlaneState,
  type VariantState,
} from "./plane-state.js";
import {
  type EndpointConfigRecord,
  type EndpointRecord,
  type ModelRecord,
  nowSeconds,
  type ServedVariant,
} from "./records.js";
import type {
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateModelInput,
  DesiredWeightAndCapacity,
} from "./shapes.js";

export interface ControlPlaneOptions extends AccountScope {
  openHost: OpenModelHost;
  /** How long a new endpoint stays Creating before it opens (default 1000 ms). */
  createDelayMs?: number;
  /** In-flight requests at which an instance holding a model counts as busy (routing-policy.ts). */
  busyThreshold?: number;
  /** Each routed request, with its variant's instance count then (InvocationsPerInstance = 1/N). */
  onRouted?: (routed: RoutedRequest) => void;
  /** Emulated seconds per real second for Application Auto Scaling's minutes and cooldowns (default 1). */
  autoscalingTimeScale?: number;
  /** The CloudWatch metrics its alarms watch (default: a store of its own). */
  metricStore?: MetricStore;
  /** The per-component metrics its components report to and their target tracking reads. */
  componentMetrics?: ComponentMetrics;
  /** Keeps the plane's state (state/emulator-state.ts); resolves once it is on disk. */
  onChange?: () => Promise<void>;
  logger: Logger;
}

export interface RoutedRequest {
  endpointName: string;
  variantName: string;
  /** The variant's spec: one lasting object per variant. */
  spec: EndpointSpec;
  targetModel: string;
  instanceCount: number;
  instance: Instance;
}

interface Closable {
  close(): Promise<void>;
}

export class ControlPlane {
  readonly models = new Map<string, ModelRecord>();
  readonly endpointConfigs = new Map<string, EndpointConfigRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  private readonly closing = new Set<Promise<void>>();
  /** Endpoints not yet out of Creating (delay or openHost under way), deleted ones included. */
  private readonly starting = new Set<Promise<void>>();
  /** Creating delays, which close() ends early. */
  private readonly delays = new Delays();

  /** Application Auto Scaling (AnyScaleFrontendService) acting on this plane's variants. */
  readonly autoscaling: ApplicationAutoScaling;
  /** The inference components on endpoints whose variants name no model. */
  readonly inferenceComponents: InferenceComponents;
  /** Their copies on the platform: what InvokeEndpoint routes a component's requests to. */
  readonly servedComponents: ServedComponents;
  /** CloudWatch alarms (kept with the plane's state); their actions run autoscaling's step policies. */
  readonly alarms: MetricAlarms;

  constructor(private readonly options: ControlPlaneOptions) {
    const metricStore = options.metricStore ?? new MetricStore();
    const componentMetrics = options.componentMetrics ?? new ComponentMetrics(metricStore);
    this.servedComponents = new ServedComponents({
      openHost: options.openHost,
      endpoint: (name) => this.endpoints.get(name),
      model: (name) => this.getModel(name),
      instanceCount: (endpoint, variantName) => this.inferenceComponents.instanceCount(endpoint, variantName),
      logger: options.logger,
    });
    this.inferenceComponents = new InferenceComponents(this, {
      delayMs: options.createDelayMs ?? 1000,
      logger: options.logger,
      serving: this.servedComponents,
    });
    this.autoscaling = new ApplicationAutoScaling(this.#scalableVariants(), {
      region: options.region,
      accountId: options.accountId,
      ...(options.autoscalingTimeScale === undefined ? {} : { timeScale: options.autoscalingTimeScale }),
      logger: options.logger,
      components: scalableComponents(this.inferenceComponents, componentMetrics),
      alarmsNaming: (arn) =>
        this.alarms
          .list()
          .filter((alarm) => alarm.AlarmActions.includes(arn))
          .map((alarm) => ({ AlarmName: alarm.AlarmName, AlarmARN: alarm.AlarmArn })),
    });
    this.alarms = new MetricAlarms({
      store: metricStore,
      ...(options.autoscalingTimeScale === undefined ? {} : { timeScale: options.autoscalingTimeScale }),
      act: (arn, trigger) => this.autoscaling.runAlarmAction(arn, trigger),
      changed: () => this.changedInBackground(),
    });
  }

  /** The narrow view of this plane Application Auto Scaling acts through. */
  #scalableVariants(): ScalableVariants {
    const served = (endpointName: string, variantName: string) =>
      this.endpoints.get(endpointName)?.variants?.find((v) => v.spec.variantName === variantName);
    return {
      hasVariant: (endpointName, variantName) =>
        this.endpoints
          .get(endpointName)
          ?.config.input.ProductionVariants.some((v) => v.VariantName === variantName) ?? false,
      servingVariant: (endpointName, variantName) => {
        const fleet = served(endpointName, variantName)?.fleet;
        return (
          fleet && {
            invocationsPerInstance: fleet.invocationsPerInstance,
            instanceCount: fleet.instanceCount,
          }
        );
      },
      isInService: (endpointName) => this.endpoints.get(endpointName)?.status === "InService",
      setDesiredInstanceCount: (endpointName, variantName, count) =>
        this.updateWeightsAndCapacities(endpointName, [
          { VariantName: variantName, DesiredInstanceCount: count },
        ]),
      changedInBackground: () => this.changedInBackground(),
    };
  }

  get scope(): AccountScope {
    return { region: this.options.region, accountId: this.options.accountId };
  }

  /** Saves the plane's state (when it is kept); the control-plane route answers only once this resolved. */
  changed(): Promise<void> {
    return this.options.onChange?.() ?? Promise.resolve();
  }

  /** The state to keep: every record and endpoint but those being deleted, and autoscaling's. */
  snapshot(): PlaneState {
    return {
      version: PLANE_STATE_VERSION,
      models: [...this.models.values()],
      endpointConfigs: [...this.endpointConfigs.values()],
      endpoints: [...this.endpoints.values()].flatMap((record) => endpointState(record) ?? []),
      autoscaling: this.autoscaling.snapshot(),
      inferenceComponents: this.inferenceComponents.snapshot(),
      alarms: this.alarms.snapshot(),
    };
  }

  /**
   * Brings back a kept state into an empty plane, as after an instance replacement: InService endpoints
   * open on cold instances with the ids they had (resolves once they are open); Creating ones finish
   * creating, Updating ones finish their update; ARNs and times stay as clients saw them.
   */
  async restore(state: PlaneState): Promise<void> {
    for (const model of state.models) this.models.set(model.input.ModelName, model);
    for (const config of state.endpointConfigs)
      this.endpointConfigs.set(config.input.EndpointConfigName, config);
    const opening = state.endpoints.map((saved) => this.restoreEndpoint(saved));
    this.autoscaling.restore(state.autoscaling);
    this.alarms.restore(state.alarms);
    await Promise.all([...opening, this.inferenceComponents.restore(state.inferenceComponents)]);
  }

  createModel(input: CreateModelInput): ModelRecord {
    const arn = sagemakerArn(this.scope, "model", input.ModelName);
    if (this.models.has(input.ModelName)) {
      throw new ValidationException(`Cannot create already existing model "${arn}".`);
    }
    if (!input.PrimaryContainer && !input.Containers?.length) {
      throw new ValidationException("Either PrimaryContainer or Containers must be specified.");
    }
    const record: ModelRecord = { arn, input, creationTime: nowSeconds() };
    this.models.set(input.ModelName, record);
    return record;
  }

  getModel(name: string): ModelRecord {
    const record = this.models.get(name);
    if (!record) {
      throw new ValidationException(`Could not find model "${sagemakerArn(this.scope, "model", name)}".`);
    }
    return record;
  }

  deleteModel(name: string): void {
    this.getModel(name);
    this.models.delete(name);
  }

  createEndpointConfig(input: CreateEndpointConfigInput): EndpointConfigRecord {
    const arn = sagemakerArn(this.scope, "endpoint-config", input.EndpointConfigName);
    if (this.endpointConfigs.has(input.EndpointConfigName)) {
      throw new ValidationException(`Cannot create already existing endpoint configuration "${arn}".`);
    }
    for (const variant of input.ProductionVariants) {
      if (variant.ModelName !== undefined) this.getModel(variant.ModelName);
    }
    const record: EndpointConfigRecord = { arn, input, creationTime: nowSeconds() };
    this.endpointConfigs.set(input.EndpointConfigName, record);
    return record;
  }

  getEndpointConfig(name: string): EndpointConfigRecord {
    const record = this.endpointConfigs.get(name);
    if (!record) {
      const arn = sagemakerArn(this.scope, "endpoint-config", name);
      throw new ValidationException(`Could not find endpoint configuration "${arn}".`);
    }
    return record;
  }

  deleteEndpointConfig(name: string): void {
    this.getEndpointConfig(name);
    this.endpointConfigs.delete(name);
  }

  createEndpoint(input: CreateEndpointInput, delayMs = this.options.createDelayMs ?? 1000): EndpointRecord {
    const arn = sagemakerArn(this.scope, "endpoint", input.EndpointName);
    if (this.endpoints.has(input.EndpointName)) {
      throw new ValidationException(`Cannot create already existing endpoint "${arn}".`);
    }
    const config = this.getEndpointConfig(input.EndpointConfigName);
    const variantModels = this.variantModels(config);
    const now = nowSeconds();
    const record: EndpointRecord = {
      name: input.EndpointName,
      arn,
      configName: input.EndpointConfigName,
      config,
      model: variantModels[0]!,
      variantModels,
      status: "Creating",
      creationTime: now,
      lastModifiedTime: now,
      settled: Promise.resolve(),
    };
    this.track(
      record,
      this.creatingDelay(delayMs).then(() => this.open(record)),
    );
    this.endpoints.set(input.EndpointName, record);
    return record;
  }

  getEndpoint(name: string): EndpointRecord {
    const record = this.endpoints.get(name);
    if (!record) {
      throw new ValidationException(
        `Could not find endpoint "${sagemakerArn(this.scope, "endpoint", name)}".`,
      );
    }
    return record;
  }

  deleteEndpoint(name: string): void {
    const record = this.getEndpoint(name);
    record.status = "Deleting";
    this.endpoints.delete(name);
    this.inferenceComponents.deleteForEndpoint(name);
    for (const variant of record.variants ?? []) this.closeInBackground(variant.fleet, name);
  }

  /** UpdateEndpoint: the new config on new (cold) instances; the old ones serve until then, then drain. */
  updateEndpoint(name: string, configName: string): EndpointRecord {
    const record = this.updatable(name);
    const config = this.getEndpointConfig(configName);
    const variantModels = this.variantModels(config);
    record.status = "Updating";
    record.lastModifiedTime = nowSeconds();
    record.pending = { configName, config, startTime: record.lastModifiedTime };
    const work = (async () => {
      try {
        await this.creatingDelay(this.options.createDelayMs ?? 1000);
        if (this.endpoints.get(record.name) !== record) return; // deleted meanwhile
        const variants = await this.openVariants(record.name, config, variantModels);
        if (this.endpoints.get(record.name) !== record) {
          for (const variant of variants) this.closeInBackground(variant.fleet, record.name);
          return;
        }
        const old = record.variants ?? [];
        Object.assign(record, { config, configName, model: variantModels[0]!, variantModels, variants });
        record.failureReason = undefined;
        for (const variant of old) this.closeInBackground(drained(variant.fleet), record.name);
      } catch (error) {
        // SageMaker rolls back: the old config keeps serving and the reason is kept.
        record.failureReason = (error as Error).message.slice(0, 1024);
        this.options.logger.error({ endpoint: record.name, err: error }, "endpoint update failed");
      }
      record.pending = undefined;
      if (record.status === "Updating") record.status = "InService";
      record.lastModifiedTime = nowSeconds();
    })();
    this.track(record, work);
    return record;
  }

  /** UpdateEndpointWeightsAndCapacities: weights at once; instance counts by adding cold or draining. */
  updateWeightsAndCapacities(name: string, desired: DesiredWeightAndCapacity[]): EndpointRecord {
    const record = this.updatable(name);
    const served = record.variants ?? [];
    const missing = desired.filter((d) => !served.some((v) => v.spec.variantName === d.VariantName));
    if (missing.length > 0) {
      throw new ValidationException(
        `The variant(s) "[${missing.map((d) => d.VariantName).join(", ")}]" is/are not present in the endpoint "${record.arn}".`,
      );
    }
    record.status = "Updating";
    record.lastModifiedTime = nowSeconds();
    const resizes: Promise<void>[] = [];
    for (const change of desired) {
      const variant = served.find((v) => v.spec.variantName === change.VariantName)!;
      if (change.DesiredWeight !== undefined) {
        variant.desiredWeight = change.DesiredWeight;
        variant.currentWeight = change.DesiredWeight;
      }
      if (
        change.DesiredInstanceCount !== undefined &&
        change.DesiredInstanceCount !== variant.fleet.instanceCount
      ) {
        variant.desiredInstanceCount = change.DesiredInstanceCount;
        variant.pending = {
          Status: "Updating",
          StatusMessage: `Changing instance count from ${variant.fleet.instanceCount} to ${change.DesiredInstanceCount}.`,
          StartTime: nowSeconds(),
        };
        const count = change.DesiredInstanceCount;
        resizes.push(
          // New instances take as long to come up as a new endpoint's.
          (count > variant.fleet.instanceCount
            ? this.creatingDelay(this.options.createDelayMs ?? 1000)
            : Promise.resolve()
          )
            .then(() => variant.fleet.resize(count))
            .finally(() => {
              variant.pending = undefined;
            }),
        );
      }
    }
    const work = Promise.all(resizes).then(
      () => {
        record.failureReason = undefined;
      },
      (error: unknown) => {
        record.failureReason = (error as Error).message.slice(0, 1024);
        this.options.logger.error({ endpoint: record.name, err: error }, "capacity change failed");
      },
    );
    this.track(
      record,
      work.then(() => {
        for (const variant of served) variant.desiredInstanceCount = variant.fleet.instanceCount;
        if (record.status === "Updating") record.status = "InService";
        record.lastModifiedTime = nowSeconds();
      }),
    );
    return record;
  }

  /**
   * Stop every endpoint: unload models, release containers. Resolves only once every model host is closed,
   * including those still being opened now: open() closes each as it arrives, and close() waits for that.
   */
  async close(): Promise<void> {
    this.autoscaling.close();
    this.alarms.close();
    const records = [...this.endpoints.values()];
    this.endpoints.clear();
    for (const record of records) {
      record.status = "Deleting";
      for (const variant of record.variants ?? []) this.closeInBackground(variant.fleet, record.name);
    }
    this.delays.endAll();
    await this.inferenceComponents.close();
    await Promise.all([...this.starting]);
    await Promise.all([...this.closing]);
  }

  /** changed() for work no client waits on (a transition's end, a scaling activity): failures are logged. */
  changedInBackground(): void {
    this.changed().catch((error: unknown) =>
      this.options.logger.error({ err: error }, "saving the control plane's state failed"),
    );
  }

  private restoreEndpoint(saved: EndpointState): Promise<void> {
    const record: EndpointRecord = {
      name: saved.name,
      arn: saved.arn,
      configName: saved.configName,
      config: saved.config,
      model: saved.variantModels[0]!,
      variantModels: saved.variantModels,
      status: saved.status === "Updating" ? "InService" : saved.status,
      ...(saved.failureReason === undefined ? {} : { failureReason: saved.failureReason }),
      creationTime: saved.creationTime,
      lastModifiedTime: saved.lastModifiedTime,
      settled: Promise.resolve(),
    };
    this.endpoints.set(record.name, record);
    if (record.status === "Creating") {
      this.track(
        record,
        this.creatingDelay(this.options.createDelayMs ?? 1000).then(() => this.open(record)),
      );
      return Promise.resolve();
    }
    if (record.status === "Failed") return Promise.resolve();
    const work = this.reopen(record, saved);
    this.track(record, work);
    return work;
  }

  /** An endpoint that was serving: its variants on cold instances; an interrupted update completes. */
  private async reopen(record: EndpointRecord, saved: EndpointState): Promise<void> {
    const pending = saved.pending;
    try {
      if (pending) {
        try {
          const variantModels = this.variantModels(pending.config);
          record.variants = await this.openVariants(record.name, pending.config, variantModels);
          Object.assign(record, {
            config: pending.config,
            configName: pending.configName,
            model: variantModels[0]!,
            variantModels,
          });
          record.failureReason = undefined;
          record.lastModifiedTime = nowSeconds();
          return;
        } catch (error) {
          // As a failed update: the previous config serves, with the reason.
          record.failureReason = (error as Error).message.slice(0, 1024);
        }
      }
      record.variants = await this.openVariants(
        record.name,
        record.config,
        record.variantModels,
        saved.variants,
      );
      if (saved.status === "Updating") record.lastModifiedTime = nowSeconds();
    } catch (error) {
      record.status = "Failed";
      record.failureReason = (error as Error).message.slice(0, 1024);
      record.lastModifiedTime = nowSeconds();
      this.options.logger.error({ endpoint: record.name, err: error }, "restored endpoint failed to start");
    }
  }

  private creatingDelay(ms: number): Promise<void> {
    return this.delays.wait(ms);
  }

  /** None for an inference-component endpoint: its components name their models. */
  private variantModels(config: EndpointConfigRecord): ModelRecord[] {
    if (isInferenceComponentConfig(config)) return [];
    return config.input.ProductionVariants.map((variant, i) => {
      if (variant.ModelName === undefined)
        throw new ValidationException(`ProductionVariants[${i}] has no ModelName.`);
      return this.getModel(variant.ModelName);
    });
  }

  private updatable(name: string): EndpointRecord {
    const record = this.getEndpoint(name);
    if (record.status !== "InService") {
      throw new ValidationException(`Cannot update in-progress endpoint "${record.arn}".`);
    }
    return record;
  }

  /** Work that ends a transition (Creating, Updating): kept until it settles, its outcome saved. */
  private track(record: EndpointRecord, work: Promise<void>): void {
    const settled = work.finally(() => {
      this.starting.delete(settled);
      this.changedInBackground();
    });
    record.settled = settled;
    this.starting.add(settled);
  }

  /** Every variant's fleet, or none: a failure closes the fleets already opened. */
  private async openVariants(
    endpointName: string,
    config: EndpointConfigRecord,
    models: ModelRecord[],
    restored: VariantState[] = [],
  ): Promise<ServedVariant[]> {
    if (isInferenceComponentConfig(config)) return [];
    const opened = await Promise.allSettled(
      config.input.ProductionVariants.map(async (variant, i): Promise<ServedVariant> => {
        const spec = buildEndpointSpec(endpointName, config, models[i]!, i);
        const kept = restored.find((v) => v.variantName === variant.VariantName);
        const count = kept?.desiredInstanceCount ?? variant.InitialInstanceCount ?? 1;
        const fleet = await VariantFleet.open(
          {
            spec,
            openInstance: this.options.openHost,
            busyThreshold: busyThresholdFor(
              spec.environment,
              this.options.busyThreshold ?? DEFAULT_BUSY_THRESHOLD,
            ),
            onRouted: (instanceCount, instance, ref) =>
              this.options.onRouted?.({
                endpointName,
                variantName: spec.variantName,
                spec,
                targetModel: ref.targetModel,
                instanceCount,
                instance,
              }),
            ...(kept ? { instanceIds: kept.instanceIds } : {}),
          },
          count,
        );
        const weight = kept?.desiredWeight ?? variant.InitialVariantWeight ?? 1;
        return {
          spec,
          fleet,
          ...(variant.InstanceType === undefined ? {} : { instanceType: variant.InstanceType }),
          currentWeight: weight,
          desiredWeight: weight,
          desiredInstanceCount: count,
        };
      }),
    );
    const failure = opened.find((result) => result.status === "rejected");
    if (failure) {
      for (const result of opened) {
        if (result.status === "fulfilled") this.closeInBackground(result.value.fleet, endpointName);
      }
      throw failure.reason;
    }
    return opened.map((result) => (result as PromiseFulfilledResult<ServedVariant>).value);
  }

  private async open(record: EndpointRecord): Promise<void> {
    if (record.status !== "Creating") return;
    try {
      const variants = await this.openVariants(record.name, record.config, record.variantModels);
      if (this.endpoints.get(record.name) !== record) {
        // Deleted while it was being created.
        for (const variant of variants) this.closeInBackground(variant.fleet, record.name);
        return;
      }
      record.variants = variants;
      record.status = "InService";
    } catch (error) {
      record.status = "Failed";
      record.failureReason = (error as Error).message.slice(0, 1024);
      this.options.logger.error({ endpoint: record.name, err: error }, "endpoint failed to start");
    }
    record.lastModifiedTime = nowSeconds();
  }

  private closeInBackground(backend: Closable, endpointName: string): void {
    const closing = backend
      .close()
      .catch((error: unknown) =>
        this.options.logger.error({ endpoint: endpointName, err: error }, "endpoint close failed"),
      )
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}

/** The fleet with its requests finished first (an old deployment after UpdateEndpoint). */
function drained(fleet: VariantFleet): Closable {
  return { close: () => fleet.resize(0).then(() => fleet.close()) };
}
