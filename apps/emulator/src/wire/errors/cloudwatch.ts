// CloudWatch's errors, each with the Query code and sender/receiver fault its model declares: the JSON
// and CBOR protocols carry the shape name in `__type` and the Query code in x-amzn-query-error.
import { AWS_JSON_AUTH_ERRORS } from "./aws-json-auth.js";
import { CataloguedError, defineCatalogue } from "./catalogue.js";

export const CLOUDWATCH_CATALOGUE = defineCatalogue("cloudwatch", {
  InvalidParameterValueException: { code: "InvalidParameterValue", status: 400 },
  InvalidParameterCombinationException: { code: "InvalidParameterCombination", status: 400 },
  MissingRequiredParameterException: { code: "MissingParameter", status: 400 },
  InvalidNextToken: { status: 400 },
  /** PutMetricAlarm past the account's alarm quota. */
  LimitExceededFault: { code: "LimitExceeded", status: 400 },
  /** DeleteAlarms / SetAlarmState naming an alarm that does not exist. */
  ResourceNotFound: { status: 404 },
  /** SetAlarmState's StateReasonData that is not JSON. */
  InvalidFormatFault: { code: "InvalidFormat", status: 400 },
  /** GetMetricData's input faults: the service answers a plain ValidationError, which its model does not list. */
  ValidationError: { status: 400 },
  InternalServiceFault: { code: "InternalServiceError", status: 500 },
  SerializationException: { status: 400 },
  /** An operation the emulator does not serve, asked in Query (AWS's common error for an unknown Action). */
  InvalidAction: { status: 400 },
  /** …asked in JSON 1.0. */
  UnknownOperationException: { status: 400 },
  /** …asked in RPC v2 CBOR: Smithy's RPC v2 answers an unknown operation with 404. */
  UnknownOperationRpcV2: { name: "UnknownOperationException", status: 404 },
  ...AWS_JSON_AUTH_ERRORS,
});

export class CloudWatchError extends CataloguedError {
  /** The model's shape name (JSON/CBOR `__type`). */
  get shape(): string {
    return this.spec.name;
  }

  /** The Query protocol's code (awsQueryError). */
  get code(): string {
    return this.spec.code ?? this.spec.name;
  }

  get fault(): "Sender" | "Receiver" {
    return this.status >= 500 ? "Receiver" : "Sender";
  }
}

const errors = CLOUDWATCH_CATALOGUE.errors;
export const invalidParameterValue = (message: string) =>
  new CloudWatchError(errors.InvalidParameterValueException, message);

export const invalidParameterCombination = (message: string) =>
  new CloudWatchError(errors.InvalidParameterCombinationException, message);

export const missingParameter = (name: string) =>
  new CloudWatchError(errors.MissingRequiredParameterException, `The parameter ${name} is required.`);

export const invalidNextToken = () =>
  new CloudWatchError(errors.InvalidNextToken, "The service couldn't process the token.");

export const limitExceeded = (message: string) => new CloudWatchError(errors.LimitExceededFault, message);

export const resourceNotFound = (message: string) => new CloudWatchError(errors.ResourceNotFound, message);

export const invalidFormat = (message: string) => new CloudWatchError(errors.InvalidFormatFault, message);

export const validationError = (message: string) => new CloudWatchError(errors.ValidationError, message);

export const internalFailure = () =>
  new CloudWatchError(errors.InternalServiceFault, "An internal error occurred.");

export const undecodableBody = () =>
  new CloudWatchError(errors.SerializationException, "The request body could not be decoded.");

export const unknownOperationError = (protocol: "query" | "json" | "rpc-v2-cbor", message: string) =>
  new CloudWatchError(
    protocol === "query"
      ? errors.InvalidAction
      : protocol === "json"
        ? errors.UnknownOperationException
        : errors.UnknownOperationRpcV2,
    message,
  );
