// The typed view of a Triton config.pbtxt (the fields mme reads; unknown fields are kept in `raw`).
// Field names follow Triton's model_config.proto.

export const TRITON_DATA_TYPES = [
  "TYPE_BOOL",
  "TYPE_UINT8",
  "TYPE_UINT16",
  "TYPE_UINT32",
  "TYPE_UINT64",
  "TYPE_INT8",
  "TYPE_INT16",
  "TYPE_INT32",
  "TYPE_INT64",
  "TYPE_FP16",
  "TYPE_FP32",
  "TYPE_FP64",
  "TYPE_STRING",
  "TYPE_BF16",
] as const;
export type TritonDataType = (typeof TRITON_DATA_TYPES)[number];

export interface TritonTensorConfig {
  name: string;
  dataType: TritonDataType;
  dims: number[];
  /** `reshape { shape: [...] }` when present. */
  reshape?: number[];
  optional?: boolean;
}

export interface TritonInstanceGroup {
  name?: string;
  count: number;
  kind: "KIND_AUTO" | "KIND_CPU" | "KIND_GPU" | "KIND_MODEL";
  gpus?: number[];
}

export interface TritonModelConfig {
  name?: string;
  platform?: string;
  backend?: string;
  maxBatchSize: number;
  inputs: TritonTensorConfig[];
  outputs: TritonTensorConfig[];
  instanceGroups: TritonInstanceGroup[];
  dynamicBatching?: { maxQueueDelayMicroseconds?: number; preferredBatchSize?: number[] };
  versionPolicy?: { latest?: { numVersions: number } } | { all: true } | { specific: { versions: number[] } };
  /** `parameters { key: "k" value { string_value: "v" } }` flattened to key → string_value. */
  parameters: Record<string, string>;
  /** Overrides the backend's default model file name (model.onnx, model.py, …) inside a version folder. */
  defaultModelFilename?: string;
  /** The whole parsed message tree (a `PbtxtMessage`), for fields this view does not type. */
  raw: unknown;
}
