// How cache failures reach a client: SageMaker's own error shapes, with the cause kept for logs.

import { ModelError, ServiceUnavailable, ValidationError } from "@mme/core";
import type { ContainerResponse } from "@mme/core/container";
import { ContainerUnavailableError } from "../containers/errors.js";
import { ArchiveError } from "../source/errors.js";
import type { ModelRef } from "./types.js";

export function containerLoadError(ref: ModelRef, res: ContainerResponse, logStreamArn: string): ModelError {
  const original = Buffer.from(res.body).toString("utf8").slice(0, 4096);
  return new ModelError(
    `Failed to load model ${ref.targetModel}: the container answered ${res.status} with message "${original}".`,
    res.status,
    original,
    logStreamArn,
  );
}

/** Maps a failure while fetching, extracting or loading to the error the request fails with. */
export function toRequestError(ref: ModelRef, error: unknown): Error {
  if (error instanceof ArchiveError) {
    return new ValidationError(
      `Failed to extract model data(bucket: ${ref.bucket}, key: ${ref.key}): ${error.message}.`,
      { cause: error },
    );
  }
  if (error instanceof ContainerUnavailableError) {
    return new ServiceUnavailable(`Could not load model ${ref.targetModel}: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof Error) return error;
  return new ServiceUnavailable(String(error));
}
