// SageMaker inference components on the endpoints whose variants have no ModelName: records, their
// statuses (Creating → InService; Updating while a spec or copy count changes; Failed with the reason
// when their endpoint never came into service) and the resource check of every change. A change answers
// at once; its transition ends after the plane's create delay (scale-in and deletes at once).
import type { Logger } from "pino";
import { type ComponentActivity, NO_COMPONENT_ACTIVITY } from "../../metrics/component-activity.js";
import { type AccountScope, sagemakerArn } from "../../wire/arns.js";
import { ValidationException } from "../../wire/errors/sagemaker.js";
import { Delays } from "../delays.js";
import { type EndpointConfigRecord, type EndpointRecord, type ModelRecord, nowSeconds } from "../records.js";
import { InferenceComponentRecord } from "./records.js";
import type {
  CreateInferenceComponentInput,
  InferenceComponentSpecification,
  UpdateInferenceComponentInput,
} from "./shapes.js";
import { checkVariantCapacity } from "./variant-capacity.js";

/** What of the control plane the components use (the ControlPlane itself). */
export interface ComponentHost {
  readonly scope: AccountScope;
  readonly endpoints: ReadonlyMap<string, EndpointRecord>;
  getEndpoint(name: string): EndpointRecord;
  getModel(name: string): ModelRecord;
  /** Saves the plane's state once a transition ended. */
  changedInBackground(): void;
}

export interface InferenceComponentsOptions {
  /** How long creating copies takes (the plane's create delay). */
  delayMs: number;
  logger: Logger;
  /** Where each component invocation is reported (CloudWatch's per-component metrics). */
  activity?: ComponentActivity;
}

/** An endpoint config for inference components: no variant names a model. */
export function isInferenceComponentConfig(config: EndpointConfigRecord): boolean {
  return config.input.ProductionVariants.every((variant) => variant.ModelName === undefined);
}

export class InferenceComponents {
  readonly records = new Map<string, InferenceComponentRecord>();
  /** Transitions under way; close() ends their delays. */
  private readonly transitions = new Set<Promise<void>>();
  private readonly delays = new Delays();

  constructor(
    private readonly host: ComponentHost,
    private readonly options: InferenceComponentsOptions,
  ) {}

  get activity(): ComponentActivity {
    return this.options.activity ?? NO_COMPONENT_ACTIVITY;
  }

  create(input: CreateInferenceComponentInput): InferenceComponentRecord {
    const name = input.InferenceComponentName;
    const arn = sagemakerArn(this.host.scope, "inference-component", name);
    if (this.records.has(name)) {
      throw new ValidationException(`Cannot create already existing inference component "${arn}".`);
    }
    const endpoint = this.host.getEndpoint(input.EndpointName);
    if (!isInferenceComponentConfig(endpoint.config)) {
      throw new ValidationException(
        `Endpoint "${endpoint.arn}" does not host inference components: its production variants name a model.`,
      );
    }
    const variantName = this.variantOf(endpoint, input.VariantName);
    const specification = this.checkedSpecification(input.Specification);
    const copies = input.RuntimeConfig?.CopyCount ?? 1;
    checkVariantCapacity(endpoint, { componentName: name, variantName, copies, specification }, this.list());
    const now = nowSeconds();
    const record: InferenceComponentRecord = {
      name,
      arn,
      endpointName: endpoint.name,
      endpointArn: endpoint.arn,
      variantName,
      specification,
      desiredCopyCount: copies,
      currentCopyCount: 0,
      status: "Creating",
      creationTime: now,
      lastModifiedTime: now,
    };
    this.records.set(name, record);
    this.track(record, this.finishCreating(record, endpoint));
    return record;
  }

  get(name: string): InferenceComponentRecord {
    const record = this.records.get(name);
    if (!record) {
      const arn = sagemakerArn(this.host.scope, "inference-component", name);
      throw new ValidationException(`Could not find inference component "${arn}".`);
    }
    return record;
  }

  list(): InferenceComponentRecord[] {
    return [...this.records.values()];
  }

  /** UpdateInferenceComponent: a new specification and/or copy count, deployed after the delay. */
  update(input: UpdateInferenceComponentInput): InferenceComponentRecord {
    const record = this.updatable(input.InferenceComponentName);
    const specification =
      input.Specification === undefined
        ? record.specification
        : this.checkedSpecification(input.Specification);
    const copies = input.RuntimeConfig?.CopyCount ?? record.desiredCopyCount;
    const endpoint = this.host.getEndpoint(record.endpointName);
    checkVariantCapacity(
      endpoint,
      { componentName: record.name, variantName: record.variantName, copies, specification },
      this.list(),
    );
    // Described as the spec being deployed from now on, and kept so through a restart.
    record.specification = specification;
    if (input.DeploymentConfig !== undefined) record.lastDeploymentConfig = input.DeploymentConfig;
    this.startUpdate(record, copies, true);
    return record;
  }

  /** UpdateInferenceComponentRuntimeConfig: DesiredCopyCount now, CurrentCopyCount once the copies are up. */
  scale(name: string, copies: number): InferenceComponentRecord {
    const record = this.updatable(name);
    const endpoint = this.host.getEndpoint(record.endpointName);
    checkVariantCapacity(
      endpoint,
      {
        componentName: record.name,
        variantName: record.variantName,
        copies,
        specification: record.specification,
      },
      this.list(),
    );
    this.startUpdate(record, copies, false);
    return record;
  }

  delete(name: string): void {
    const record = this.get(name);
    record.status = "Deleting";
    this.records.delete(name);
  }

  /** DeleteEndpoint takes its components with it. */
  deleteForEndpoint(endpointName: string): void {
    for (const record of this.list()) if (record.endpointName === endpointName) this.delete(record.name);
  }

  snapshot(): InferenceComponentRecord[] {
    return this.list().map((record) => ({ ...record }));
  }

  /** After a restart: Creating and Updating ones finish their transition. */
  restore(saved: InferenceComponentRecord[]): void {
    for (const kept of saved) {
      const record = InferenceComponentRecord.parse(kept);
      this.records.set(record.name, record);
      if (record.status === "Creating") {
        const endpoint = this.host.endpoints.get(record.endpointName);
        if (endpoint) this.track(record, this.finishCreating(record, endpoint));
        else this.fail(record, `Endpoint ${record.endpointName} no longer exists.`);
      } else if (record.status === "Updating") {
        this.startUpdate(record, record.desiredCopyCount, true);
      }
    }
  }

  /** Ends every delay at once and waits for the transitions to settle (the plane is closing). */
  async close(): Promise<void> {
    this.delays.endAll();
    await Promise.all([...this.transitions]);
  }

  private async finishCreating(record: InferenceComponentRecord, endpoint: EndpointRecord): Promise<void> {
    await endpoint.settled;
    await this.delays.wait(this.options.delayMs);
    if (this.records.get(record.name) !== record) return;
    const serving =
      this.host.endpoints.get(endpoint.name) === endpoint &&
      (endpoint.status === "InService" || endpoint.status === "Updating");
    if (!serving) {
      const reason = endpoint.failureReason === undefined ? "" : `: ${endpoint.failureReason}`;
      this.fail(record, `Endpoint ${endpoint.name} is not in service (status: ${endpoint.status})${reason}`);
      return;
    }
    record.currentCopyCount = record.desiredCopyCount;
    record.status = "InService";
    record.lastModifiedTime = nowSeconds();
  }

  /** A deployment or more copies take the delay; fewer copies are gone at once. */
  private startUpdate(record: InferenceComponentRecord, copies: number, deploys: boolean): void {
    record.status = "Updating";
    record.desiredCopyCount = copies;
    record.lastModifiedTime = nowSeconds();
    const work = (async () => {
      if (deploys || copies > record.currentCopyCount) await this.delays.wait(this.options.delayMs);
      if (this.records.get(record.name) !== record) return;
      record.currentCopyCount = copies;
      record.failureReason = undefined;
      record.status = "InService";
      record.lastModifiedTime = nowSeconds();
    })();
    this.track(record, work);
  }

  private fail(record: InferenceComponentRecord, reason: string): void {
    record.status = "Failed";
    record.failureReason = reason.slice(0, 1024);
    record.lastModifiedTime = nowSeconds();
    this.options.logger.error({ inferenceComponent: record.name, reason }, "inference component failed");
  }

  private updatable(name: string): InferenceComponentRecord {
    const record = this.get(name);
    if (record.status !== "InService") {
      throw new ValidationException(`Cannot update in-progress inference component "${record.arn}".`);
    }
    return record;
  }

  private variantOf(endpoint: EndpointRecord, variantName: string | undefined): string {
    const variants = endpoint.config.input.ProductionVariants;
    if (variantName === undefined) {
      if (variants.length === 1) return variants[0]!.VariantName;
      throw new ValidationException(
        `VariantName is required: endpoint "${endpoint.arn}" has ${variants.length} production variants.`,
      );
    }
    if (!variants.some((v) => v.VariantName === variantName)) {
      throw new ValidationException(
        `The variant(s) "[${variantName}]" is/are not present in the endpoint "${endpoint.arn}".`,
      );
    }
    return variantName;
  }

  /** A specification names what it serves (a model, a container or a base component) and, unless it is an adapter, its compute. */
  private checkedSpecification(
    specification: InferenceComponentSpecification | undefined,
  ): InferenceComponentSpecification {
    if (!specification) throw new ValidationException("Specification is required.");
    if (specification.ModelName !== undefined) this.host.getModel(specification.ModelName);
    if (specification.BaseInferenceComponentName !== undefined) {
      this.get(specification.BaseInferenceComponentName);
      return specification;
    }
    if (specification.ModelName === undefined && specification.Container === undefined) {
      throw new ValidationException("Specification must have a ModelName or a Container.");
    }
    if (specification.ComputeResourceRequirements === undefined) {
      throw new ValidationException("Specification.ComputeResourceRequirements is required.");
    }
    return specification;
  }

  private track(record: InferenceComponentRecord, work: Promise<void>): void {
    const settled = work
      .catch((error: unknown) => this.fail(record, (error as Error).message))
      .finally(() => {
        this.transitions.delete(settled);
        this.host.changedInBackground();
      });
    this.transitions.add(settled);
  }
}
