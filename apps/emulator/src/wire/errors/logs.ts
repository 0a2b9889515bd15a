// CloudWatch Logs (awsJson1_1, `Logs_20140328.*`): `__type` and `message` in the body.
import { AWS_JSON_AUTH_ERRORS } from "./aws-json-auth.js";
import { CataloguedError, defineCatalogue } from "./catalogue.js";

export const LOGS_CATALOGUE = defineCatalogue("logs", {
  ResourceNotFoundException: { status: 400 },
  InvalidParameterException: { status: 400 },
  UnknownOperationException: { status: 400 },
  SerializationException: { status: 400 },
  ServiceUnavailableException: { status: 500 },
  ...AWS_JSON_AUTH_ERRORS,
});

export class LogsError extends CataloguedError {
  /** The `__type` on the wire. */
  get type(): string {
    return this.spec.name;
  }
}

const errors = LOGS_CATALOGUE.errors;
export const groupNotFound = () =>
  new LogsError(errors.ResourceNotFoundException, "The specified log group does not exist.");
export const streamNotFound = () =>
  new LogsError(errors.ResourceNotFoundException, "The specified log stream does not exist.");
export const invalidParameter = (message: string) => new LogsError(errors.InvalidParameterException, message);
export const unknownOperation = (message: string) => new LogsError(errors.UnknownOperationException, message);
export const serializationError = (message: string) => new LogsError(errors.SerializationException, message);
export const serviceUnavailable = () =>
  new LogsError(errors.ServiceUnavailableException, "An internal error occurred.");
