// Field names of Triton's model_config.proto for the messages whose fields mme checks by name,
// so that a typo such as `dim: [4]` is reported instead of silently ignored (Triton refuses it).

export const MODEL_CONFIG_FIELDS = [
  "name",
  "platform",
  "backend",
  "runtime",
  "version_policy",
  "max_batch_size",
  "input",
  "output",
  "batch_input",
  "batch_output",
  "optimization",
  "dynamic_batching",
  "sequence_batching",
  "ensemble_scheduling",
  "instance_group",
  "default_model_filename",
  "cc_model_filenames",
  "metric_tags",
  "parameters",
  "model_warmup",
  "model_operations",
  "model_transaction_policy",
  "model_repository_agents",
  "response_cache",
  "model_metrics",
] as const;

export const MODEL_INPUT_FIELDS = [
  "name",
  "data_type",
  "format",
  "dims",
  "reshape",
  "is_shape_tensor",
  "allow_ragged_batch",
  "optional",
  "is_non_linear_format_io",
] as const;

export const MODEL_OUTPUT_FIELDS = [
  "name",
  "data_type",
  "dims",
  "reshape",
  "label_filename",
  "is_shape_tensor",
  "is_non_linear_format_io",
] as const;

export const TENSOR_RESHAPE_FIELDS = ["shape"] as const;

export const INSTANCE_GROUP_FIELDS = [
  "name",
  "kind",
  "count",
  "rate_limiter",
  "gpus",
  "secondary_devices",
  "profile",
  "passive",
  "host_policy",
] as const;

export const INSTANCE_GROUP_KINDS = ["KIND_AUTO", "KIND_GPU", "KIND_CPU", "KIND_MODEL"] as const;

export const VERSION_POLICY_FIELDS = ["latest", "all", "specific"] as const;

export const PARAMETER_ENTRY_FIELDS = ["key", "value"] as const;
