// KServe tensors ↔ the plain tensors that cross to a session worker thread (ort.Tensor fields, no class).
import type { KServeDatatype, Tensor, TensorData } from "@mme/core/kserve";
import type * as ort from "onnxruntime-node";
import { ModelExecutionError } from "../errors.js";

/** What `new ort.Tensor(type, data, dims)` takes on the worker side, and what it hands back. */
export interface WireTensor {
  type: ort.Tensor.Type;
  dims: readonly number[];
  data: ArrayBufferView | string[];
}

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

/**
 * A copy of the tensor's bytes in a buffer of its own, so it can be transferred (not cloned) to the
 * worker: the decoded tensor is usually a view into the whole request body.
 */
export function toWireTensor(tensor: Tensor, dims: readonly number[] = tensor.shape): WireTensor {
  const type = ORT_TYPE_FOR[tensor.datatype];
  if (type === "string") {
    return { type, dims, data: (tensor.data as Uint8Array[]).map((b) => utf8Decoder.decode(b)) };
  }
  return { type, dims, data: (tensor.data as Exclude<TensorData, Uint8Array[]>).slice() };
}

export function fromWireTensor(name: string, value: WireTensor): Tensor {
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

export function transferablesOf(tensors: Iterable<WireTensor>): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const { data } of tensors) {
    if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) buffers.push(data.buffer);
  }
  return buffers;
}
