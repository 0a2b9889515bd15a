// Puts any error on the wire the way AWS SDKs decode it: JSON body with `message` (and `__type` for
// awsJson1_1), name in `x-amzn-ErrorType`. An HTTP 4xx error from a library (the router's percent-decoding)
// is the client's ValidationError; anything else that is not a SageMakerError becomes InternalFailure.
import { InternalFailure, SageMakerError, ValidationError } from "@mme/core";
import type { Response } from "express";

export type WireProtocol = "rest-json" | "awsJson1_1";

export function toSageMakerError(error: unknown): SageMakerError {
  if (error instanceof SageMakerError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500 && error instanceof Error) {
    return new ValidationError(error.message);
  }
  return new InternalFailure("An internal error occurred. Please try again.");
}

export function sendError(res: Response, error: SageMakerError, protocol: WireProtocol): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = protocol === "awsJson1_1" ? { __type: error.name, ...error.body() } : error.body();
  res
    .status(error.status)
    .set("x-amzn-ErrorType", error.name)
    .type(protocol === "awsJson1_1" ? "application/x-amz-json-1.1" : "application/json")
    .send(JSON.stringify(body));
}
