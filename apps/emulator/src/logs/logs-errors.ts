// CloudWatch Logs' errors (awsJson1_1: `__type` and `message` in the body).
export class LogsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const groupNotFound = () =>
  new LogsError("ResourceNotFoundException", "The specified log group does not exist.");
export const streamNotFound = () =>
  new LogsError("ResourceNotFoundException", "The specified log stream does not exist.");
export const invalidParameter = (message: string) => new LogsError("InvalidParameterException", message);
