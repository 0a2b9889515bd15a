import { isSageMakerBinaryContentType } from "./content-type.js";
import type { EncodeResponseOptions } from "./response.js";
import type { DecodedInferenceRequest } from "./types.js";

export interface ResponseMode extends EncodeResponseOptions {
  binaryOutputs: (name: string) => boolean;
  sagemaker: boolean;
}

/**
 * How to answer a request, in kind: outputs go binary when the request asked (per output `binary_data`, or
 * `binary_data_output` for the rest), and a request that came in SageMaker's binary content type gets its binary
 * answer in that content type too. Pass the result to encodeInferenceResponse.
 */
export function responseModeFor(request: DecodedInferenceRequest, contentType?: string): ResponseMode {
  const requested = new Map(request.outputs?.map((o) => [o.name, o.binary]));
  return {
    binaryOutputs: (name) => requested.get(name) ?? request.binaryDataOutput,
    sagemaker: isSageMakerBinaryContentType(contentType),
  };
}
