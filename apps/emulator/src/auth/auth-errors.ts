// AWS's names and statuses for a refused signature or permission, as AWS JSON services (SageMaker
// Runtime and its control plane) send them; S3 has its own (s3-sigv4.ts).
import { SageMakerError } from "@mme/core";
import type { AuthFailure } from "./auth-failure.js";

export class MissingAuthenticationTokenException extends SageMakerError {
  override readonly name = "MissingAuthenticationTokenException" as const;
  readonly status = 403;
}

export class IncompleteSignatureException extends SageMakerError {
  override readonly name = "IncompleteSignatureException" as const;
  readonly status = 400;
}

export class UnrecognizedClientException extends SageMakerError {
  override readonly name = "UnrecognizedClientException" as const;
  readonly status = 403;
}

/** A signature that does not match, or one made more than 15 minutes from the server's clock. */
export class InvalidSignatureException extends SageMakerError {
  override readonly name = "InvalidSignatureException" as const;
  readonly status = 403;
}

export class AccessDeniedException extends SageMakerError {
  override readonly name = "AccessDeniedException" as const;
  readonly status = 403;
}

export function sageMakerAuthError(failure: AuthFailure): SageMakerError {
  switch (failure.kind) {
    case "missing":
      return new MissingAuthenticationTokenException(failure.message);
    case "malformed":
      return new IncompleteSignatureException(failure.message);
    case "unknown-key":
      return new UnrecognizedClientException(failure.message);
    case "mismatch":
    case "skew":
      return new InvalidSignatureException(failure.message);
  }
}
