// Turns a model + endpoint config into what a model host needs, or says in one line why it can't.
import type { EndpointSpec } from "@mme/platform";
import type { EndpointConfigRecord, ModelRecord } from "./records.js";

export function buildEndpointSpec(
  endpointName: string,
  config: EndpointConfigRecord,
  model: ModelRecord,
  variantIndex = 0,
): EndpointSpec {
  const variant = config.input.ProductionVariants[variantIndex]!;
  const container = model.input.PrimaryContainer ?? model.input.Containers?.[0];
  if (!container) throw new Error(`Model ${model.input.ModelName} has no container definition.`);
  if (!container.ModelDataUrl) {
    throw new Error(
      `Model ${model.input.ModelName} has no ModelDataUrl: the emulator serves models from S3 only.`,
    );
  }
  const mode = container.Mode ?? "SingleModel";
  const output = config.input.AsyncInferenceConfig?.OutputConfig;
  return {
    endpointName,
    variantName: variant.VariantName,
    modelName: model.input.ModelName,
    mode,
    modelDataUrl: container.ModelDataUrl,
    ...(container.Image === undefined ? {} : { image: container.Image }),
    environment: container.Environment ?? {},
    cacheSetting: container.MultiModelConfig?.ModelCacheSetting ?? "Enabled",
    ...(output?.S3OutputPath === undefined ? {} : { asyncOutputPath: output.S3OutputPath }),
    ...(output?.S3FailurePath === undefined ? {} : { asyncFailurePath: output.S3FailurePath }),
  };
}
