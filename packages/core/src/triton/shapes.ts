import type { TritonModelConfig, TritonTensorConfig } from "./model-config.js";

/** The shape a request carries: `[-1, ...dims]` when the model batches (max_batch_size > 0). */
export function fullShape(
  config: Pick<TritonModelConfig, "maxBatchSize">,
  tensor: TritonTensorConfig,
): number[] {
  return config.maxBatchSize > 0 ? [-1, ...tensor.dims] : [...tensor.dims];
}
