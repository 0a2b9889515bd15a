// Checks a decoded request against config.pbtxt before any backend sees it, so every backend
// rejects bad input the same way: 400 naming the tensor and what was expected.
import type { DecodedInferenceRequest, Tensor } from "@mme/core/kserve";
import { fullShape, type TritonModelConfig, tritonToKServeDatatype } from "@mme/core/triton";
import { InvalidInferenceRequestError } from "../errors.js";

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

function checkInput(modelName: string, config: TritonModelConfig, tensor: Tensor): number | undefined {
  const spec = config.inputs.find((i) => i.name === tensor.name);
  if (!spec) {
    const expected = config.inputs.map((i) => i.name).join(", ");
    throw new InvalidInferenceRequestError(
      `unexpected inference input '${tensor.name}' for model '${modelName}'; its inputs are: ${expected}`,
    );
  }
  const datatype = tritonToKServeDatatype(spec.dataType);
  if (tensor.datatype !== datatype) {
    throw new InvalidInferenceRequestError(
      `inference input '${tensor.name}' has datatype ${tensor.datatype}, but model '${modelName}' expects ${datatype}`,
    );
  }
  const expected = fullShape(config, spec);
  const shapeOk =
    tensor.shape.length === expected.length && expected.every((d, i) => d === -1 || d === tensor.shape[i]);
  if (!shapeOk) {
    throw new InvalidInferenceRequestError(
      `inference input '${tensor.name}' has shape ${formatShape(tensor.shape)}, but model '${modelName}' expects ${formatShape(expected)}` +
        (config.maxBatchSize > 0 ? ` (leading batch dimension 1..${config.maxBatchSize})` : ""),
    );
  }
  if (config.maxBatchSize <= 0) return undefined;
  const batch = tensor.shape[0]!;
  if (batch < 1 || batch > config.maxBatchSize) {
    throw new InvalidInferenceRequestError(
      `inference input '${tensor.name}' has batch size ${batch}, but model '${modelName}' accepts 1..${config.maxBatchSize}`,
    );
  }
  return batch;
}

/** Validates inputs and returns the output names to compute (the request's selection, or all). */
export function validateRequest(
  modelName: string,
  config: TritonModelConfig,
  request: DecodedInferenceRequest,
): string[] {
  const seen = new Set<string>();
  const batches = new Set<number>();
  for (const tensor of request.inputs) {
    if (seen.has(tensor.name)) {
      throw new InvalidInferenceRequestError(`inference input '${tensor.name}' is given more than once`);
    }
    seen.add(tensor.name);
    const batch = checkInput(modelName, config, tensor);
    if (batch !== undefined) batches.add(batch);
  }
  if (batches.size > 1) {
    throw new InvalidInferenceRequestError(
      `inputs of model '${modelName}' have different batch sizes: ${[...batches].join(", ")}`,
    );
  }
  const missing = config.inputs.filter((i) => !i.optional && !seen.has(i.name)).map((i) => i.name);
  if (missing.length > 0) {
    throw new InvalidInferenceRequestError(
      `model '${modelName}' expects input${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}, missing from the request`,
    );
  }
  if (!request.outputs || request.outputs.length === 0) return config.outputs.map((o) => o.name);
  for (const output of request.outputs) {
    if (!config.outputs.some((o) => o.name === output.name)) {
      const known = config.outputs.map((o) => o.name).join(", ");
      throw new InvalidInferenceRequestError(
        `unexpected inference output '${output.name}' for model '${modelName}'; its outputs are: ${known}`,
      );
    }
  }
  return request.outputs.map((o) => o.name);
}
