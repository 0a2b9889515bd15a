// Model archives from S3 or anything that speaks it (MinIO, the embedded s3rver), via the AWS SDK v3.

import { Readable } from "node:stream";
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  type S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { createS3Client, type S3Location, ServiceUnavailable, ValidationError } from "@mme/core";
import type { ModelSource } from "./model-source.js";

export interface S3ModelSourceOptions {
  /** A ready client; when given, the other options are ignored. */
  client?: S3Client;
  /** Custom endpoint (MinIO, s3rver): path-style addressing and WHEN_REQUIRED checksums are turned on. */
  endpoint?: string;
  region?: string;
  credentials?: S3ClientConfig["credentials"];
}

/** SageMaker's own wording for a TargetModel with no object behind it (or one the role may not read). */
export function missingModelMessage(ref: S3Location): string {
  return (
    `Failed to download model data(bucket: ${ref.bucket}, key: ${ref.key}). Please ensure that there is an ` +
    "object located at the URL and that the role passed to CreateModel has permissions to download the model."
  );
}

/** Answers meaning no object is there for the role to read; KeyTooLongError: such a key cannot exist. */
const MISSING_OBJECT_ERRORS = new Set([
  "NoSuchKey",
  "NotFound",
  "NoSuchBucket",
  "AccessDenied",
  "Forbidden",
  "KeyTooLongError",
  "XMinioInvalidObjectName",
]);

export class S3ModelSource implements ModelSource {
  readonly client: S3Client;

  constructor(options: S3ModelSourceOptions = {}) {
    this.client =
      options.client ??
      createS3Client({
        region: options.region ?? process.env.AWS_REGION ?? "us-east-1",
        endpoint: options.endpoint,
        credentials: options.credentials,
      });
  }

  async download(ref: S3Location, opts: { signal?: AbortSignal } = {}): Promise<Readable> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }),
        opts.signal ? { abortSignal: opts.signal } : {},
      );
    } catch (error) {
      throw translateError(ref, error);
    }
    const body = response.Body;
    if (body instanceof Readable) return body;
    throw new ServiceUnavailable(`S3 returned no readable body for s3://${ref.bucket}/${ref.key}`);
  }

  close(): void {
    this.client.destroy();
  }
}

function translateError(ref: S3Location, error: unknown): Error {
  const err = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
    message?: string;
  };
  const status = err.$metadata?.httpStatusCode;
  if (
    (err.name && MISSING_OBJECT_ERRORS.has(err.name)) ||
    status === 400 ||
    status === 404 ||
    status === 403
  ) {
    return new ValidationError(missingModelMessage(ref), { cause: error });
  }
  if (err.name === "AbortError") return error as Error;
  const reason = err.code ?? err.name ?? "error";
  return new ServiceUnavailable(
    `Failed to download model data(bucket: ${ref.bucket}, key: ${ref.key}): S3 is unreachable (${reason}: ${err.message ?? String(error)})`,
    { cause: error },
  );
}
