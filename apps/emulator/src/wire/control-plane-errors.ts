// awsJson1_1 (SageMaker control plane) error names, as the SDKs decode them from `__type`.
import { SageMakerError } from "@mme/core";

/** The control plane's generic 400 (missing resources, duplicates, bad input): what real SageMaker sends. */
export class ValidationException extends SageMakerError {
  override readonly name = "ValidationException" as const;
  readonly status = 400;
}

export class UnknownOperationException extends SageMakerError {
  override readonly name = "UnknownOperationException" as const;
  readonly status = 400;
}

export class SerializationException extends SageMakerError {
  override readonly name = "SerializationException" as const;
  readonly status = 400;
}

/** A path the emulator does not serve. */
export class RouteNotFound extends SageMakerError {
  override readonly name = "UnknownOperationException" as const;
  readonly status = 404;
}
