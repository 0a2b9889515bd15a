import type { EndpointSpec, VariantFleet } from "@mme/platform";
import type { CreateEndpointConfigInput, CreateModelInput } from "./shapes.js";

export type EndpointStatus = "Creating" | "InService" | "Updating" | "Deleting" | "Failed";

/** Epoch seconds, as awsJson1_1 puts timestamps on the wire. */
export type EpochSeconds = number;

export interface ModelRecord {
  arn: string;
  input: CreateModelInput;
  creationTime: EpochSeconds;
}

export interface EndpointConfigRecord {
  arn: string;
  input: CreateEndpointConfigInput;
  creationTime: EpochSeconds;
}

export interface EndpointRecord {
  name: string;
  arn: string;
  configName: string;
  /** Snapshots taken at CreateEndpoint, as SageMaker does: later deletes of the config/model don't matter. */
  config: EndpointConfigRecord;
  /** The first variant's model; none on an inference-component endpoint. */
  model?: ModelRecord;
  /** The model of each production variant, in the config's order. */
  variantModels: ModelRecord[];
  status: EndpointStatus;
  failureReason?: string;
  creationTime: EpochSeconds;
  lastModifiedTime: EpochSeconds;
  /** UpdateEndpoint's config while its instances come up (DescribeEndpoint's PendingDeploymentSummary). */
  pending?: { configName: string; config: EndpointConfigRecord; startTime: EpochSeconds };
  /** The variants being served (set once InService). */
  variants?: ServedVariant[];
  /** Settles when the endpoint leaves Creating (or, after an update, Updating). */
  settled: Promise<void>;
}

/** A production variant in service: its instances, weights and counts as DescribeEndpoint reports them. */
export interface ServedVariant {
  spec: EndpointSpec;
  fleet: VariantFleet;
  instanceType?: string;
  currentWeight: number;
  desiredWeight: number;
  desiredInstanceCount: number;
  /** VariantStatus while instances are being added or removed. */
  pending?: { Status: "Updating"; StatusMessage: string; StartTime: EpochSeconds };
}

export function nowSeconds(): EpochSeconds {
  return Date.now() / 1000;
}
