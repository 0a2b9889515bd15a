// Request bodies for the registry's models, encoded with @mme/core's KServe codec.

import { type EncodedBody, encodeInferenceRequest } from "@mme/core/kserve";

/** add_sub / add_sub_onnx: INPUT0, INPUT1 FP32 [4] as KServe JSON (what `mme call-model` sends). */
export function addSubPayload(): EncodedBody {
  return encodeInferenceRequest(
    {
      inputs: [
        { name: "INPUT0", datatype: "FP32", shape: [4], data: Float32Array.from([1, 2, 3, 4]) },
        { name: "INPUT1", datatype: "FP32", shape: [4], data: Float32Array.from([0.5, 0.5, 0.5, 0.5]) },
      ],
    },
    { binary: false },
  );
}

/**
 * The image models: INPUT__0 FP32 [batch,3,224,224] as a binary tensor in SageMaker's
 * `application/vnd.sagemaker-triton.binary+json;json-header-size=N` body (batch 8 as JSON text would pass
 * the 6 MB InvokeEndpoint limit). OUTPUT__0 comes back binary too.
 */
export function imagePayload(batch: number): EncodedBody {
  const data = new Float32Array(batch * 3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const encode = (id: string) =>
    encodeInferenceRequest(
      {
        id,
        inputs: [{ name: "INPUT__0", datatype: "FP32", shape: [batch, 3, 224, 224], data }],
        outputs: [{ name: "OUTPUT__0", binary: true }],
      },
      { binary: true, sagemaker: true },
    );
  // Pad the request id so the JSON part ends on an 8-byte boundary: the tensor bytes then start
  // aligned, and a server can view them as a Float32Array without copying 4.8 MB per request.
  const jsonLength = (body: EncodedBody) => Number(/json-header-size=(\d+)/.exec(body.contentType)?.[1] ?? 0);
  const unpadded = encode("b");
  return encode(`b${"_".repeat((8 - (jsonLength(unpadded) % 8)) % 8)}`);
}
