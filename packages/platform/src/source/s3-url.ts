// S3 locations of model artifacts: the ModelDataUrl prefix and the TargetModel key relative to it.

import { parseS3Prefix, type S3Location, SettingsError } from "@mme/core";
import { InvalidModelLocationError } from "./errors.js";

/**
 * The object a TargetModel names: ModelDataUrl prefix + TargetModel. Keys that would climb out of the
 * prefix (`..` or `.` segments, a leading `/`, backslashes, control characters) are refused, so a
 * caller can never reach objects outside the endpoint's models.
 */
export function resolveTarget(modelDataUrl: string, targetModel: string): S3Location {
  const { bucket, key: prefix } = modelPrefix(modelDataUrl);
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
  return { bucket, key: prefix + targetModel };
}

function modelPrefix(modelDataUrl: string): S3Location {
  try {
    return parseS3Prefix(modelDataUrl);
  } catch (error) {
    if (error instanceof SettingsError) throw new InvalidModelLocationError(error.message);
    throw error;
  }
}
