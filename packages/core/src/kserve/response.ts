import { type DecodeOptions, splitBody } from "./body.js";
import { type EncodedBody, encodeBody } from "./encoded-body.js";
import { KServeCodecError } from "./errors.js";
import { optionalString } from "./json-fields.js";
import { binaryPredicate, decodeTensorList, encodeTensorList } from "./tensor-list.js";
import type { DecodedInferenceResponse, InferenceResponseJson } from "./types.js";

const WHAT = "inference response";

export function decodeInferenceResponse(
  body: Uint8Array,
  opts: DecodeOptions = {},
): DecodedInferenceResponse {
  const { json, binary } = splitBody(body, opts, WHAT);
  if (json.outputs === undefined && typeof json.error === "string") {
    throw new KServeCodecError(`${WHAT} is an error: ${json.error}`);
  }
  const modelName = optionalString(json.model_name, `${WHAT}: "model_name"`) ?? "";
  const modelVersion =
    typeof json.model_version === "number"
      ? String(json.model_version)
      : optionalString(json.model_version, `${WHAT}: "model_version"`);
  const id = optionalString(json.id, `${WHAT}: "id"`);
  const outputs = decodeTensorList(json.outputs, "output", binary, WHAT);
  binary.assertConsumed(WHAT);
  return {
    modelName,
    ...(modelVersion === undefined ? {} : { modelVersion }),
    ...(id === undefined ? {} : { id }),
    outputs,
  };
}

export interface EncodeResponseOptions {
  /** Which outputs go as binary blobs; see responseModeFor for the choice a request implies. */
  binaryOutputs: boolean | ((name: string) => boolean);
  /** Binary answers carry the JSON length in SageMaker's content type (as Triton's SageMaker server does). */
  sagemaker?: boolean;
}

/**
 * As Triton answers: `application/json` when every output is JSON; otherwise JSON then blobs, as
 * `application/octet-stream` with Inference-Header-Content-Length, or in SageMaker's binary content type.
 */
export function encodeInferenceResponse(
  resp: DecodedInferenceResponse,
  opts: EncodeResponseOptions,
): EncodedBody {
  const { json: outputs, blobs } = encodeTensorList(
    resp.outputs,
    "output",
    binaryPredicate(opts.binaryOutputs),
  );
  const json: InferenceResponseJson = {
    model_name: resp.modelName,
    ...(resp.modelVersion === undefined ? {} : { model_version: resp.modelVersion }),
    ...(resp.id === undefined ? {} : { id: resp.id }),
    outputs,
  };
  return encodeBody(json, blobs, opts.sagemaker ?? false);
}
