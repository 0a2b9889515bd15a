// KServe tensors ↔ onnxruntime-node tensors.
import type { KServeDatatype, Tensor, TensorData } from "@mme/core/kserve";
import * as ort from "onnxruntime-node";
import { ModelExecutionError } from "../errors.js";

const ORT_TYPE_FOR: Record<KServeDatatype, ort.Tensor.Type> = {
  BOOL: "bool",
  UINT8: "uint8",
  UINT16: "uint16",
  UINT32: "uint32",
  UINT64: "uint64",
  INT8: "int8",
  INT16: "int16",
  INT32: "int32",
  INT64: "int64",
  FP16: "float16",
  FP32: "float32",
  FP64: "float64",
  BYTES: "string",
};

const KSERVE_TYPE_FOR = Object.fromEntries(Object.entries(ORT_TYPE_FOR).map(([k, v]) => [v, k])) as Record<
  string,
  KServeDatatype
>;

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

export function toOrtTensor(tensor: Tensor, shape: readonly number[] = tensor.shape): ort.Tensor {
  const type = ORT_TYPE_FOR[tensor.datatype];
  if (type === "string") {
    const strings = (tensor.data as Uint8Array[]).map((b) => utf8Decoder.decode(b));
    return new ort.Tensor("string", strings, shape);
  }
  // onnxruntime-node's Tensor constructor accepts any typed array matching `type`.
  return new ort.Tensor(type as "float32", tensor.data as Float32Array, shape);
}

export function fromOrtTensor(name: string, value: ort.Tensor): Tensor {
  const datatype = KSERVE_TYPE_FOR[value.type];
  if (!datatype) throw new ModelExecutionError(`output '${name}' has ONNX type ${value.type}, not supported`);
  const shape = value.dims.map(Number);
  if (datatype === "BYTES") {
    return { name, datatype, shape, data: (value.data as string[]).map((s) => utf8Encoder.encode(s)) };
  }
  let data = value.data as TensorData;
  // onnxruntime returns BOOL as a Uint8Array already; keep a Uint8Array view either way.
  if (datatype === "BOOL" && !(data instanceof Uint8Array)) data = Uint8Array.from(data as ArrayLike<number>);
  return { name, datatype, shape, data };
}
