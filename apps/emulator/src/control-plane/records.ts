import type { EndpointBackend, EndpointSpec } from "../endpoints/endpoint-backend.js";
import type { CreateEndpointConfigInput, CreateModelInput } from "./shapes.js";

export type EndpointStatus = "Creating" | "InService" | "Deleting" | "Failed";

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
  model: ModelRecord;
  status: EndpointStatus;
  failureReason?: string;
  creationTime: EpochSeconds;
  lastModifiedTime: EpochSeconds;
  spec?: EndpointSpec;
  backend?: EndpointBackend;
  /** Settles when the endpoint leaves Creating. */
  settled: Promise<void>;
}

export function nowSeconds(): EpochSeconds {
  return Date.now() / 1000;
}
