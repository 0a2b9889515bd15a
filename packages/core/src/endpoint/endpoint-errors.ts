import { MmeError } from "../errors/index.js";

export class ResourceExistsError extends MmeError {
  override name = "ResourceExistsError";
}

export class EndpointNotFoundError extends MmeError {
  override name = "EndpointNotFoundError";
}

export class EndpointFailedError extends MmeError {
  override name = "EndpointFailedError";
  constructor(
    readonly endpointName: string,
    readonly failureReason: string,
  ) {
    super(`endpoint ${endpointName} failed: ${failureReason}`);
  }
}

export class WaitTimeoutError extends MmeError {
  override name = "WaitTimeoutError";
}
