// The SageMaker error the inference-component operations add to the control plane's ValidationException.
import { SageMakerError } from "@mme/core";

/** botocore's ResourceLimitExceeded: a structure with a `Message` member, HTTP 400. */
export class ResourceLimitExceeded extends SageMakerError {
  override readonly name = "ResourceLimitExceeded" as const;
  readonly status = 400;
  override body(): Record<string, unknown> {
    return { Message: this.message, message: this.message };
  }
}
