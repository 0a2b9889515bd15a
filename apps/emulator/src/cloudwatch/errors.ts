// CloudWatch's errors, each with the Query code and sender/receiver fault its model declares: the JSON
// and CBOR protocols carry the shape name in `__type` and the Query code in x-amzn-query-error.
export class CloudWatchError extends Error {
  constructor(
    /** The model's shape name (JSON/CBOR `__type`). */
    readonly shape: string,
    /** The Query protocol's code (awsQueryError). */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = shape;
  }

  get fault(): "Sender" | "Receiver" {
    return this.status >= 500 ? "Receiver" : "Sender";
  }
}

export const invalidParameterValue = (message: string) =>
  new CloudWatchError("InvalidParameterValueException", "InvalidParameterValue", 400, message);

export const invalidParameterCombination = (message: string) =>
  new CloudWatchError("InvalidParameterCombinationException", "InvalidParameterCombination", 400, message);

export const missingParameter = (name: string) =>
  new CloudWatchError(
    "MissingRequiredParameterException",
    "MissingParameter",
    400,
    `The parameter ${name} is required.`,
  );

export const invalidNextToken = () =>
  new CloudWatchError("InvalidNextToken", "InvalidNextToken", 400, "The service couldn't process the token.");

/** GetMetricData's input faults: the service answers a plain ValidationError, which its model does not list. */
export const validationError = (message: string) =>
  new CloudWatchError("ValidationError", "ValidationError", 400, message);

export const internalFailure = () =>
  new CloudWatchError("InternalServiceFault", "InternalServiceError", 500, "An internal error occurred.");
