import { joinBody } from "./body.js";
import {
  BINARY_CONTENT_TYPE,
  INFERENCE_HEADER_CONTENT_LENGTH,
  JSON_CONTENT_TYPE,
  sagemakerBinaryContentType,
} from "./content-type.js";

/** A body ready to send, with the Content-Type and any extra header it needs. */
export interface EncodedBody {
  body: Uint8Array;
  contentType: string;
  headers: Record<string, string>;
}

/**
 * JSON alone when no tensor went binary; otherwise JSON then blobs, its length in the
 * Inference-Header-Content-Length header, or in SageMaker's content type (SageMaker strips that header).
 */
export function encodeBody(json: unknown, blobs: readonly Uint8Array[], sagemaker: boolean): EncodedBody {
  const { body, jsonLength } = joinBody(json, blobs);
  if (blobs.length === 0) return { body, contentType: JSON_CONTENT_TYPE, headers: {} };
  if (sagemaker) return { body, contentType: sagemakerBinaryContentType(jsonLength), headers: {} };
  return {
    body,
    contentType: BINARY_CONTENT_TYPE,
    headers: { [INFERENCE_HEADER_CONTENT_LENGTH]: String(jsonLength) },
  };
}
