// Puts any error on the wire the way AWS SDKs decode it: JSON body with `message` (and `__type` for
// awsJson1_1), name in `x-amzn-ErrorType`. An HTTP 4xx error from a library (the router's percent-decoding)
// is the client's ValidationError; anything else that is not a SageMakerError becomes InternalFailure.

import type { ServerResponse } from "node:http";
import { InternalFailure, SageMakerError, ValidationError } from "@mme/core";

export type WireProtocol = "rest-json" | "awsJson1_1";

export function toSageMakerError(error: unknown): SageMakerError {
  if (error instanceof SageMakerError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500 && error instanceof Error) {
    return new ValidationError(error.message);
  }
  return new InternalFailure("An internal error occurred. Please try again.");
}

/** Works on node's response as on Express's, with the bytes Express's res.send would write. */
export function sendError(res: ServerResponse, error: SageMakerError, protocol: WireProtocol): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(
    protocol === "awsJson1_1" ? { __type: error.name, ...error.body() } : error.body(),
  );
  res.statusCode = error.status;
  res.setHeader("x-amzn-ErrorType", error.name);
  res.setHeader("Content-Type", protocol === "awsJson1_1" ? AWS_JSON_TYPE : JSON_TYPE);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

export const JSON_TYPE = "application/json; charset=utf-8";
const AWS_JSON_TYPE = "application/x-amz-json-1.1; charset=utf-8";
