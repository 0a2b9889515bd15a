// KServe v2 inference protocol shapes (https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/).

export const KSERVE_DATATYPES = [
  "BOOL",
  "UINT8",
  "UINT16",
  "UINT32",
  "UINT64",
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "FP16",
  "FP32",
  "FP64",
  "BYTES",
] as const;
export type KServeDatatype = (typeof KSERVE_DATATYPES)[number];

export type TensorParameters = Record<string, string | number | boolean>;

/** A tensor as it appears in the JSON part of a request or response. `data` is absent when its bytes travel in binary. */
export interface JsonTensor {
  name: string;
  shape: number[];
  datatype: KServeDatatype;
  parameters?: TensorParameters;
  data?: unknown[];
}

export interface InferenceRequestJson {
  id?: string;
  parameters?: TensorParameters;
  inputs: JsonTensor[];
  outputs?: { name: string; parameters?: TensorParameters }[];
}

export interface InferenceResponseJson {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: TensorParameters;
  outputs: JsonTensor[];
}

/**
 * A decoded tensor: the typed array holds the row-major, little-endian values.
 * BYTES tensors hold one Uint8Array per element.
 */
export type TensorData =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | BigUint64Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Uint8Array[];

export interface Tensor {
  name: string;
  datatype: KServeDatatype;
  shape: number[];
  /** FP16 is carried as raw Uint16Array half-float bits; BOOL as Uint8Array of 0/1. */
  data: TensorData;
}

export interface DecodedInferenceRequest {
  id?: string;
  parameters?: TensorParameters;
  inputs: Tensor[];
  /** Requested outputs, with whether each wants binary data (`binary_data` parameter). */
  outputs?: { name: string; binary: boolean }[];
  /** True when the client asked for binary outputs by default (`binary_data_output`). */
  binaryDataOutput: boolean;
}

export interface DecodedInferenceResponse {
  modelName: string;
  modelVersion?: string;
  id?: string;
  outputs: Tensor[];
}
