// Triton's raw binary request (json-header-size=0, or an empty body, through SageMaker): the whole
// body is the model's one input, its shape deduced from config.pbtxt as InferenceRequest::Normalize
// does (core/src/infer_request.cc), and every output answers in binary. Returned as the KServe binary
// request it amounts to, so the runtime's decoding and checks apply as to any other.
import { bytesPerElement } from "@mme/core/kserve";
import { type TritonModelConfig, tritonToKServeDatatype } from "@mme/core/triton";

export interface RawRequest {
  body: Uint8Array;
  headerLength: number;
}

/** The equivalent KServe request, or Triton's error message. */
export function rawInputRequest(
  modelName: string,
  config: TritonModelConfig,
  raw: Uint8Array,
): RawRequest | string {
  if (config.inputs.length !== 1)
    return `Raw request must only have 1 input (found 1) to be deduced but got ${config.inputs.length} inputs in '${modelName}' model configuration`;
  const input = config.inputs[0]!;
  const datatype = tritonToKServeDatatype(input.dataType);
  const shape = config.maxBatchSize !== 0 ? [1] : [];
  let dynamicAxis = -1;
  let elements = 1;
  for (const dim of input.dims) {
    if (dim === -1) {
      if (dynamicAxis !== -1)
        return `The shape of the raw input '${input.name}' can not be deduced because there are more than one variable-sized dimension`;
      dynamicAxis = shape.length;
    } else elements *= dim;
    shape.push(dim);
  }
  let data = raw;
  if (datatype === "BYTES") {
    if (dynamicAxis !== -1 || elements !== 1)
      return `For BYTE datatype raw input '${input.name}', the model must have input shape [1]`;
    // One element: Triton prepends its 4-byte little-endian length, as the binary extension carries BYTES.
    data = new Uint8Array(4 + raw.byteLength);
    new DataView(data.buffer).setUint32(0, raw.byteLength, true);
    data.set(raw, 4);
  } else if (dynamicAxis !== -1) {
    shape[dynamicAxis] = Math.floor(raw.byteLength / elements / (bytesPerElement(datatype) ?? 1));
  }
  const header = new TextEncoder().encode(
    JSON.stringify({
      inputs: [{ name: input.name, shape, datatype, parameters: { binary_data_size: data.byteLength } }],
      parameters: { binary_data_output: true },
    }),
  );
  const body = new Uint8Array(header.byteLength + data.byteLength);
  body.set(header, 0);
  body.set(data, header.byteLength);
  return { body, headerLength: header.byteLength };
}
