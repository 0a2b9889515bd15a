// SageMaker inference components on the endpoints whose variants have no ModelName: records, their
// statuses (Creating → InService; Updating while a spec or copy count changes; Failed with the reason
// when their endpoint never came into service or their copies failed to load) and the resource check of
// every change. A change answers at once; its transition waits the plane's create delay, then for the
// copies (ComponentServing) to load: CurrentCopyCount counts loaded copies. Scale-in drains at once.
import type { Logger } from "pino";
import { type AccountScope, sagemakerArn } from "../../wire/arns.js";
import { ValidationException } from "../../wire/errors/sagemaker.js";
import { Delays } from "../delays.js";
import { type EndpointConfigRecord, type EndpointRecord, type ModelRecord, nowSeconds } from "../records.js";
import { icInstanceCount } from "./component-instances.js";
import { InferenceComponentRecord } from "./records.js";
import type { ComponentServing } from "./served-components.js";
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
  /** Starts, scales, rolls and stops the components' copies. */
  serving: ComponentServing;
}

/** What a copy of the explorer's components view shows. */
export interface CopyView {
  copyId: string;
  instanceId: string;
  inFlight: number;
  invocations: number;
  status: string;
}

/** An endpoint config for inference components: no variant names a model. */
export function isInferenceComponentConfig(config: EndpointConfigRecord): boolean {
  // A loop, not every(): InvokeEndpoint asks this of every request, MME ones included.
  for (const variant of config.input.ProductionVariants) if (variant.ModelName !== undefined) return false;
  return true;
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
    const previous = record.specification;
    record.specification = specification;
    if (input.DeploymentConfig !== undefined) record.lastDeploymentConfig = input.DeploymentConfig;
    if (input.Specification === undefined) this.startUpdate(record, copies, false);
    else this.startUpdate(record, copies, true, previous);
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
    this.options.serving.stop(name);
  }

  /** DeleteEndpoint takes its components with it. */
  deleteForEndpoint(endpointName: string): void {
    for (const record of this.list()) if (record.endpointName === endpointName) this.delete(record.name);
  }

  snapshot(): InferenceComponentRecord[] {
    return this.list().map((record) => ({ ...record }));
  }

  /**
   * After a restart: InService ones load their copies again (resolves once they are loaded), Creating and
   * Updating ones finish their transition.
   */
  restore(saved: InferenceComponentRecord[]): Promise<void> {
    const loading: Promise<void>[] = [];
    for (const kept of saved) {
      const record = InferenceComponentRecord.parse(kept);
      this.records.set(record.name, record);
      if (record.status === "InService") {
        const work = this.options.serving.start(record, record.currentCopyCount).then(() => undefined);
        loading.push(work.catch(() => undefined));
        this.track(record, work);
      } else if (record.status === "Creating") {
        const endpoint = this.host.endpoints.get(record.endpointName);
        if (endpoint) this.track(record, this.finishCreating(record, endpoint));
        else this.fail(record, `Endpoint ${record.endpointName} no longer exists.`);
      } else if (record.status === "Updating") {
        // The copies it had are gone with the process: the update's spec loads from nothing.
        record.currentCopyCount = 0;
        this.track(record, this.options.serving.start(record, 0));
        this.startUpdate(record, record.desiredCopyCount, true);
      }
    }
    return Promise.all(loading).then(() => undefined);
  }

  /** The component's copies: loading, in service and draining (for the explorer). */
  copies(componentName: string): CopyView[] {
    return this.options.serving.copies(componentName).map((copy) => ({
      copyId: copy.copyId,
      instanceId: copy.instanceId,
      inFlight: copy.inFlight,
      invocations: copy.invocations,
      status: copy.status,
    }));
  }

  /** An IC variant's instance count now: managed instance scaling follows the desired copies. */
  instanceCount(endpoint: EndpointRecord, variantName: string): number {
    return icInstanceCount(endpoint, variantName, this.records.values());
  }

  /** Ends every delay at once and waits for the transitions to settle (the plane is closing). */
  async close(): Promise<void> {
    this.delays.endAll();
    await Promise.all([...this.transitions]);
    await this.options.serving.close();
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
    await this.options.serving.start(record, record.desiredCopyCount);
    if (this.records.get(record.name) !== record) return;
    record.currentCopyCount = this.options.serving.copyCount(record.name);
    record.status = "InService";
    record.lastModifiedTime = nowSeconds();
  }

  /**
   * A deployment or more copies take the delay, then load; fewer copies leave routing at once and drain.
   * If the new copies fail to load, the old ones keep serving (as SageMaker rolls back) and the reason is
   * kept in FailureReason.
   */
  private startUpdate(
    record: InferenceComponentRecord,
    copies: number,
    deploys: boolean,
    previous?: InferenceComponentRecord["specification"],
  ): void {
    record.status = "Updating";
    record.desiredCopyCount = copies;
    record.lastModifiedTime = nowSeconds();
    const serving = this.options.serving;
    const work = (async () => {
      if (deploys || copies > record.currentCopyCount) await this.delays.wait(this.options.delayMs);
      if (this.records.get(record.name) !== record) return;
      try {
        if (deploys) await serving.deploy(record, copies);
        else await serving.resize(record.name, copies);
        record.failureReason = undefined;
      } catch (error) {
        if (this.records.get(record.name) !== record) return;
        if (previous !== undefined) record.specification = previous;
        record.failureReason = (error as Error).message.slice(0, 1024);
        this.options.logger.error({ inferenceComponent: record.name, err: error }, "copies failed to load");
      }
      if (this.records.get(record.name) !== record) return;
      record.currentCopyCount = serving.copyCount(record.name);
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
