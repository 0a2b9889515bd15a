// SageMaker Runtime's error shapes, as they travel on the wire: JSON body {"message", …} with the
// name in the `x-amzn-ErrorType` header. The emulator throws these; the SDKs decode them by name.

export abstract class SageMakerError extends Error {
  abstract override readonly name: string;
  abstract readonly status: number;
  /** Extra members of the JSON body, besides `message`. */
  body(): Record<string, unknown> {
    return { message: this.message };
  }
}

export class ValidationError extends SageMakerError {
  override readonly name = "ValidationError" as const;
  readonly status = 400;
}

export class ModelError extends SageMakerError {
  override readonly name = "ModelError" as const;
  readonly status = 424;
  constructor(
    message: string,
    readonly originalStatusCode: number,
    readonly originalMessage: string,
    readonly logStreamArn: string,
  ) {
    super(message);
  }
  override body(): Record<string, unknown> {
    return {
      message: this.message,
      OriginalStatusCode: this.originalStatusCode,
      OriginalMessage: this.originalMessage,
      LogStreamArn: this.logStreamArn,
    };
  }
}

export class ModelNotReadyException extends SageMakerError {
  override readonly name = "ModelNotReadyException" as const;
  readonly status = 429;
}

export class InternalFailure extends SageMakerError {
  override readonly name = "InternalFailure" as const;
  readonly status = 500;
}

export class ServiceUnavailable extends SageMakerError {
  override readonly name = "ServiceUnavailable" as const;
  readonly status = 503;
}
