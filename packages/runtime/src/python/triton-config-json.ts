// config.pbtxt as the JSON Triton hands a Python model in args["model_config"].
import type { TritonModelConfig, TritonTensorConfig } from "@mme/core/triton";

function tensorJson(t: TritonTensorConfig) {
  return {
    name: t.name,
    data_type: t.dataType,
    dims: t.dims,
    ...(t.reshape ? { reshape: { shape: t.reshape } } : {}),
    ...(t.optional ? { optional: true } : {}),
  };
}

export function tritonConfigJson(modelName: string, config: TritonModelConfig): string {
  return JSON.stringify({
    name: config.name ?? modelName,
    platform: config.platform ?? "",
    backend: config.backend ?? "",
    max_batch_size: config.maxBatchSize,
    input: config.inputs.map(tensorJson),
    output: config.outputs.map(tensorJson),
    instance_group: config.instanceGroups.map((g) => ({ name: g.name ?? "", count: g.count, kind: g.kind })),
    parameters: Object.fromEntries(
      Object.entries(config.parameters).map(([k, v]) => [k, { string_value: v }]),
    ),
  });
}
