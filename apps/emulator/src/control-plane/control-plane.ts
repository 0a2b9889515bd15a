// The emulator's SageMaker resources (models, endpoint configs, endpoints) and the endpoint lifecycle:
// CreateEndpoint answers at once with Creating; after `createDelayMs` the backend opens and the
// endpoint turns InService (or Failed, with the reason). Messages follow real SageMaker's.
import type { Logger } from "pino";
import type { EndpointBackend, OpenEndpointBackend } from "../endpoints/endpoint-backend.js";
import { ValidationException } from "../wire/control-plane-errors.js";
import { type AccountScope, sagemakerArn } from "./arns.js";
import { buildEndpointSpec } from "./endpoint-spec.js";
import { type EndpointConfigRecord, type EndpointRecord, type ModelRecord, nowSeconds } from "./records.js";
import type { CreateEndpointConfigInput, CreateEndpointInput, CreateModelInput } from "./shapes.js";

export interface ControlPlaneOptions extends AccountScope {
  openBackend: OpenEndpointBackend;
  /** How long a new endpoint stays Creating before it opens (default 1000 ms). */
  createDelayMs?: number;
  logger: Logger;
}

export class ControlPlane {
  readonly models = new Map<string, ModelRecord>();
  readonly endpointConfigs = new Map<string, EndpointConfigRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  private readonly closing = new Set<Promise<void>>();
  /** Endpoints not yet out of Creating (delay or openBackend under way), deleted ones included. */
  private readonly starting = new Set<Promise<void>>();
  /** Ends a Creating delay early: close() uses it so no endpoint waits out its delay only to be closed. */
  private readonly pendingDelays = new Set<() => void>();

  constructor(private readonly options: ControlPlaneOptions) {}

  get scope(): AccountScope {
    return { region: this.options.region, accountId: this.options.accountId };
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
    const modelName = config.input.ProductionVariants[0]!.ModelName;
    if (modelName === undefined) throw new ValidationException("ProductionVariants[0] has no ModelName.");
    const model = this.getModel(modelName);
    const now = nowSeconds();
    const record: EndpointRecord = {
      name: input.EndpointName,
      arn,
      configName: input.EndpointConfigName,
      config,
      model,
      status: "Creating",
      creationTime: now,
      lastModifiedTime: now,
      settled: Promise.resolve(),
    };
    const settled = this.creatingDelay(delayMs)
      .then(() => this.open(record))
      .finally(() => this.starting.delete(settled));
    record.settled = settled;
    this.starting.add(settled);
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
    if (record.backend) this.closeInBackground(record.backend, name);
  }

  /**
   * Stop every endpoint: unload models, release containers. Resolves only once every backend is closed,
   * including those still being opened now: open() closes each as it arrives, and close() waits for that.
   */
  async close(): Promise<void> {
    const records = [...this.endpoints.values()];
    this.endpoints.clear();
    for (const record of records) {
      record.status = "Deleting";
      if (record.backend) this.closeInBackground(record.backend, record.name);
    }
    for (const endDelay of [...this.pendingDelays]) endDelay();
    await Promise.all([...this.starting]);
    await Promise.all([...this.closing]);
  }

  private creatingDelay(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.pendingDelays.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.pendingDelays.add(end);
    });
  }

  private async open(record: EndpointRecord): Promise<void> {
    if (record.status !== "Creating") return;
    try {
      const spec = buildEndpointSpec(record.name, record.config, record.model);
      const backend = await this.options.openBackend(spec);
      if (this.endpoints.get(record.name) !== record) {
        // Deleted while it was being created.
        this.closeInBackground(backend, record.name);
        return;
      }
      record.spec = spec;
      record.backend = backend;
      record.status = "InService";
    } catch (error) {
      record.status = "Failed";
      record.failureReason = (error as Error).message.slice(0, 1024);
      this.options.logger.error({ endpoint: record.name, err: error }, "endpoint failed to start");
    }
    record.lastModifiedTime = nowSeconds();
  }

  private closeInBackground(backend: EndpointBackend, endpointName: string): void {
    const closing = backend
      .close()
      .catch((error: unknown) =>
        this.options.logger.error({ endpoint: endpointName, err: error }, "endpoint close failed"),
      )
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }
}
