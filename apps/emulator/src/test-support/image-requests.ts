// Requests for the registry's image models (INPUT__0 FP32 [batch,3,224,224] → OUTPUT__0 FP32 [batch,1000]),
// as KServe JSON and in SageMaker's binary content type, and the outputs of a reply in either form.
import {
  decodeInferenceResponse,
  type EncodedBody,
  encodeInferenceRequest,
  type Tensor,
} from "@mme/core/kserve";

/** A deterministic image whose pixels are multiples of 1/64, exact in FP32 and short in JSON. */
export function imageTensor(batch = 1): Tensor {
  const data = new Float32Array(batch * 3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 128) / 64;
  return { name: "INPUT__0", datatype: "FP32", shape: [batch, 3, 224, 224], data };
}

export function jsonImageRequest(batch = 1): EncodedBody {
  return encodeInferenceRequest({ inputs: [imageTensor(batch)] }, { binary: false });
}

/** Binary input and binary output, the JSON length carried in `...binary+json;json-header-size=N`. */
export function sagemakerBinaryImageRequest(batch = 1): EncodedBody {
  return encodeInferenceRequest(
    { inputs: [imageTensor(batch)], outputs: [{ name: "OUTPUT__0", binary: true }] },
    { binary: true, sagemaker: true },
  );
}

export interface OutputSummary {
  name: string;
  datatype: string;
  shape: number[];
  /** Little-endian bytes of the values, for exact comparison. */
  bytes: Buffer;
}

/** The outputs of a reply (JSON or binary, told apart by its content type), comparable with toEqual. */
export function replyOutputs(body: Uint8Array, contentType: string | undefined): OutputSummary[] {
  const decoded = decodeInferenceResponse(body, contentType === undefined ? {} : { contentType });
  return decoded.outputs.map((tensor) => {
    const data = tensor.data as Float32Array;
    return {
      name: tensor.name,
      datatype: tensor.datatype,
      shape: tensor.shape,
      bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    };
  });
}
