// Where the JSON part of a binary body ends: the Inference-Header-Content-Length header (Triton, KServe), or,
// through SageMaker (which strips that header), the content type's json-header-size parameter.

import { KServeCodecError } from "./errors.js";

export const SAGEMAKER_TRITON_BINARY_CONTENT_TYPE = "application/vnd.sagemaker-triton.binary+json";
export const INFERENCE_HEADER_CONTENT_LENGTH = "inference-header-content-length";
export const JSON_CONTENT_TYPE = "application/json";
/** What Triton answers a binary response with, beside the Inference-Header-Content-Length header. */
export const BINARY_CONTENT_TYPE = "application/octet-stream";

export function sagemakerBinaryContentType(jsonHeaderSize: number): string {
  return `${SAGEMAKER_TRITON_BINARY_CONTENT_TYPE};json-header-size=${jsonHeaderSize}`;
}

export function isSageMakerBinaryContentType(contentType: string | undefined): boolean {
  return mediaType(contentType) === SAGEMAKER_TRITON_BINARY_CONTENT_TYPE;
}

/**
 * The `json-header-size=N` parameter of a SageMaker binary content type; undefined for any other content type
 * or when the parameter is absent (the whole body is then JSON).
 */
export function parseJsonHeaderSize(contentType?: string): number | undefined {
  if (!isSageMakerBinaryContentType(contentType)) return undefined;
  for (const parameter of (contentType as string).split(";").slice(1)) {
    const [key, value = ""] = parameter.split("=", 2).map((part) => part.trim());
    if (key?.toLowerCase() !== "json-header-size") continue;
    if (!/^\d+$/.test(value)) {
      throw new KServeCodecError(
        `Content-Type json-header-size must be a non-negative integer, got "${value}"`,
      );
    }
    return Number(value);
  }
  return undefined;
}

/** The Inference-Header-Content-Length header's value, checked. */
export function parseInferenceHeaderContentLength(value: string | number): number {
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new KServeCodecError(
      `Inference-Header-Content-Length must be a non-negative integer, got "${value}"`,
    );
  }
  return Number(text);
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";", 1)[0]?.trim().toLowerCase();
}
