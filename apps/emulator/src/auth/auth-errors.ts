// AWS's refusal of a signature, as AWS JSON services (SageMaker Runtime and its control plane) send it;
// S3 has its own (s3-sigv4.ts). The names and statuses are in wire/errors/aws-json-auth.ts.
import type { SageMakerError } from "@mme/core";
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from "../wire/errors/aws-json-auth.js";
import type { AuthFailure } from "./auth-failure.js";

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
