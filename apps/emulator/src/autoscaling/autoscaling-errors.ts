// Application Auto Scaling's own error names (awsJson1_1 `__type`); ValidationException is shared.
import { SageMakerError } from "@mme/core";

export class ObjectNotFoundException extends SageMakerError {
  override readonly name = "ObjectNotFoundException" as const;
  readonly status = 400;
}
