// S3 locations of model artifacts: the ModelDataUrl prefix and the TargetModel key relative to it.

import { InvalidModelLocationError } from "./errors.js";

export interface S3Location {
  bucket: string;
  /** A key, or a prefix (possibly empty) when parsed from a ModelDataUrl. */
  key: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `s3://bucket/prefix/` → { bucket, key: "prefix/" }. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  const bucket = match?.[1];
  if (!bucket || !BUCKET_NAME.test(bucket)) {
    throw new InvalidModelLocationError(
      `Invalid S3 URL ${JSON.stringify(url)}: expected s3://<bucket>/<prefix>`,
    );
  }
  return { bucket, key: match[2] ?? "" };
}

/**
 * The object a TargetModel names: ModelDataUrl prefix + TargetModel. Keys that would climb out of the
 * prefix (`..` or `.` segments, a leading `/`, backslashes, control characters) are refused, so a
 * caller can never reach objects outside the endpoint's models.
 */
export function resolveTarget(modelDataUrl: string, targetModel: string): S3Location {
  const { bucket, key: prefix } = parseS3Url(modelDataUrl);
  if (targetModel.length === 0 || targetModel.length > 1024) {
    throw new InvalidModelLocationError("TargetModel must be 1 to 1024 characters");
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(targetModel)) {
    throw new InvalidModelLocationError(
      `TargetModel ${JSON.stringify(targetModel)} contains a forbidden character`,
    );
  }
  const segments = targetModel.split("/");
  if (targetModel.startsWith("/") || segments.some((s) => s === ".." || s === ".")) {
    throw new InvalidModelLocationError(
      `TargetModel ${JSON.stringify(targetModel)} must be a key relative to the model prefix, without . or .. segments`,
    );
  }
  const base = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  return { bucket, key: base + targetModel };
}
