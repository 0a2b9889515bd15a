import { type DecodeOptions, splitBody } from "./body.js";
import { type EncodedBody, encodeBody } from "./encoded-body.js";
import { KServeCodecError } from "./errors.js";
import { isPlainObject, optionalBoolean, optionalString, readParameters } from "./json-fields.js";
import { binaryPredicate, decodeTensorList, encodeTensorList } from "./tensor-list.js";
import type { DecodedInferenceRequest, InferenceRequestJson, Tensor, TensorParameters } from "./types.js";

const WHAT = "inference request";

/** Decodes a KServe v2 request: JSON alone, or JSON then binary tensor data (see DecodeOptions). */
export function decodeInferenceRequest(body: Uint8Array, opts: DecodeOptions = {}): DecodedInferenceRequest {
  const { json, binary } = splitBody(body, opts, WHAT);
  const id = optionalString(json.id, `${WHAT}: "id"`);
  const parameters = readParameters(json.parameters, `${WHAT}: "parameters"`);
  const binaryDataOutput =
    optionalBoolean(parameters?.binary_data_output, `${WHAT}: binary_data_output`) ?? false;
  const inputs = decodeTensorList(json.inputs, "input", binary, WHAT);
  binary.assertConsumed(WHAT);
  const outputs = decodeRequestedOutputs(json.outputs, binaryDataOutput);
  return {
    ...(id === undefined ? {} : { id }),
    ...(parameters === undefined ? {} : { parameters }),
    inputs,
    ...(outputs === undefined ? {} : { outputs }),
    binaryDataOutput,
  };
}

/** A requested output's `binary_data` overrides the request's `binary_data_output`, as in Triton. */
function decodeRequestedOutputs(raw: unknown, binaryDataOutput: boolean): DecodedInferenceRequest["outputs"] {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw new KServeCodecError(`${WHAT}: "outputs" must be an array`);
  return raw.map((item, index) => {
    if (!isPlainObject(item) || typeof item.name !== "string" || item.name === "") {
      throw new KServeCodecError(`requested output #${index} must be an object with a non-empty "name"`);
    }
    const what = `requested output ${item.name}`;
    const parameters = readParameters(item.parameters, `${what}: "parameters"`);
    const binary = optionalBoolean(parameters?.binary_data, `${what}: binary_data`) ?? binaryDataOutput;
    return { name: item.name, binary };
  });
}

export interface InferenceRequestToEncode {
  id?: string;
  parameters?: TensorParameters;
  inputs: Tensor[];
  outputs?: { name: string; binary: boolean }[];
}

export interface EncodeRequestOptions {
  /** Send inputs as binary blobs (all, or those the function picks); otherwise as JSON data. */
  binary: boolean | ((name: string) => boolean);
  /** Carry the JSON length in SageMaker's content type instead of the Inference-Header-Content-Length header. */
  sagemaker?: boolean;
}

export function encodeInferenceRequest(
  req: InferenceRequestToEncode,
  opts: EncodeRequestOptions,
): EncodedBody {
  const { json: inputs, blobs } = encodeTensorList(req.inputs, "input", binaryPredicate(opts.binary));
  const json: InferenceRequestJson = {
    ...(req.id === undefined ? {} : { id: req.id }),
    ...(req.parameters === undefined ? {} : { parameters: req.parameters }),
    inputs,
    ...(req.outputs === undefined
      ? {}
      : { outputs: req.outputs.map((o) => ({ name: o.name, parameters: { binary_data: o.binary } })) }),
  };
  return encodeBody(json, blobs, opts.sagemaker ?? false);
}
