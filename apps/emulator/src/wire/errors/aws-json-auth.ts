// The refusals AWS's JSON front door answers before any service sees a request (SigV4, IAM). No
// service model declares them; every JSON service the emulator serves on its port shares them.
import { defineCatalogue, jsonErrorClass } from "./catalogue.js";

export const AWS_JSON_AUTH_ERRORS = defineCatalogue("(aws-json auth)", {
  MissingAuthenticationTokenException: { status: 403 },
  IncompleteSignatureException: { status: 400 },
  UnrecognizedClientException: { status: 403 },
  /** A signature that does not match, or one made more than 15 minutes from the server's clock. */
  InvalidSignatureException: { status: 403 },
  AccessDeniedException: { status: 403 },
}).errors;

export const MissingAuthenticationTokenException = jsonErrorClass(
  AWS_JSON_AUTH_ERRORS.MissingAuthenticationTokenException,
);
export const IncompleteSignatureException = jsonErrorClass(AWS_JSON_AUTH_ERRORS.IncompleteSignatureException);
export const UnrecognizedClientException = jsonErrorClass(AWS_JSON_AUTH_ERRORS.UnrecognizedClientException);
export const InvalidSignatureException = jsonErrorClass(AWS_JSON_AUTH_ERRORS.InvalidSignatureException);
export const AccessDeniedException = jsonErrorClass(AWS_JSON_AUTH_ERRORS.AccessDeniedException);
