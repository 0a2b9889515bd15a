// Where InvokeEndpointAsync reads its input and writes its result.
import { randomUUID } from "node:crypto";
import type { EndpointSpec } from "@mme/platform";
import { constraintError } from "../wire/validation.js";
import { requestS3Location } from "./invoke-model.js";

export interface AsyncLocations {
  inferenceId: string;
  input: { bucket: string; key: string };
  outputUrl: string;
  failureUrl: string;
}

export interface AsyncHeaders {
  inputLocation: string | undefined;
  inferenceId: string | undefined;
  outputPathExtension: string | undefined;
  filename: string | undefined;
}

export function asyncLocations(spec: EndpointSpec, headers: AsyncHeaders): AsyncLocations {
  if (headers.inputLocation === undefined) {
    throw constraintError("inputLocation", "null", "Member must not be null");
  }
  if (!headers.inputLocation.startsWith("s3://")) {
    throw constraintError(
      "inputLocation",
      headers.inputLocation,
      "the emulator reads s3:// input locations only",
    );
  }
  const input = requestS3Location(headers.inputLocation);
  const inferenceId = headers.inferenceId ?? randomUUID();
  const outputPath = spec.asyncOutputPath ?? defaultOutputPath(spec);
  const folder = joinS3(outputPath, headers.outputPathExtension);
  const fileId = randomUUID();
  return {
    inferenceId,
    input,
    outputUrl: joinS3(folder, headers.filename ?? `${fileId}.out`),
    failureUrl: joinS3(spec.asyncFailurePath ?? folder, `${fileId}-error.out`),
  };
}

/** Emulator default when the endpoint config has no AsyncInferenceConfig: beside the models. */
function defaultOutputPath(spec: EndpointSpec): string {
  const { bucket } = requestS3Location(spec.modelDataUrl);
  return `s3://${bucket}/async-output/${spec.endpointName}`;
}

function joinS3(base: string, part: string | undefined): string {
  if (part === undefined || part === "") return base;
  return `${base.replace(/\/+$/, "")}/${part.replace(/^\/+/, "")}`;
}
