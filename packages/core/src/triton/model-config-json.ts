import type { TritonModelConfig } from "./model-config.js";

/**
 * The config as Triton hands it to a Python model (`args["model_config"]`, parsed) and serves it
 * at `GET /v2/models/{name}/config`: proto field names, enums as names, dims as numbers, and the
 * defaults Triton fills in. `name` stands in for the model's name when the config leaves it out.
 */
export function modelConfigToTritonJson(
  config: TritonModelConfig,
  name = config.name ?? "",
): Record<string, unknown> {
  return {
    name,
    platform: config.platform ?? "",
    backend: config.backend ?? "",
    version_policy: versionPolicyJson(config),
    max_batch_size: config.maxBatchSize,
    input: config.inputs.map((t) => ({
      name: t.name,
      data_type: t.dataType,
      format: "FORMAT_NONE",
      dims: t.dims,
      ...(t.reshape ? { reshape: { shape: t.reshape } } : {}),
      is_shape_tensor: false,
      allow_ragged_batch: false,
      optional: t.optional ?? false,
    })),
    output: config.outputs.map((t) => ({
      name: t.name,
      data_type: t.dataType,
      dims: t.dims,
      ...(t.reshape ? { reshape: { shape: t.reshape } } : {}),
      label_filename: "",
      is_shape_tensor: false,
    })),
    instance_group: config.instanceGroups.map((g, i) => ({
      name: g.name ?? `${name}_${i}`,
      kind: g.kind,
      count: g.count,
      gpus: g.gpus ?? [],
    })),
    ...(config.dynamicBatching
      ? {
          dynamic_batching: {
            preferred_batch_size: config.dynamicBatching.preferredBatchSize ?? [],
            max_queue_delay_microseconds: config.dynamicBatching.maxQueueDelayMicroseconds ?? 0,
          },
        }
      : {}),
    default_model_filename: config.defaultModelFilename ?? "",
    parameters: Object.fromEntries(
      Object.entries(config.parameters).map(([key, value]) => [key, { string_value: value }]),
    ),
  };
}

function versionPolicyJson(config: TritonModelConfig): Record<string, unknown> {
  const policy = config.versionPolicy;
  if (policy && "specific" in policy) return { specific: { versions: policy.specific.versions } };
  if (policy && "all" in policy) return { all: {} };
  return { latest: { num_versions: policy?.latest?.numVersions ?? 1 } };
}
