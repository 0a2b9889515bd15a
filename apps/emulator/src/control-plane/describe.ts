// Records → the Describe*/List* output shapes of botocore's sagemaker service-2.json.
import type { EndpointConfigRecord, EndpointRecord, ModelRecord } from "./records.js";

export function describeModel(record: ModelRecord): Record<string, unknown> {
  const { ModelName, PrimaryContainer, Containers, ExecutionRoleArn, ...rest } = record.input;
  return {
    ...pick(rest, ["InferenceExecutionConfig", "VpcConfig", "EnableNetworkIsolation"]),
    ModelName,
    ...(PrimaryContainer === undefined ? {} : { PrimaryContainer }),
    ...(Containers === undefined ? {} : { Containers }),
    ...(ExecutionRoleArn === undefined ? {} : { ExecutionRoleArn }),
    CreationTime: record.creationTime,
    ModelArn: record.arn,
  };
}

export function describeEndpointConfig(record: EndpointConfigRecord): Record<string, unknown> {
  const { Tags: _tags, ...input } = record.input as Record<string, unknown>;
  return { ...input, EndpointConfigArn: record.arn, CreationTime: record.creationTime };
}

export function describeEndpoint(record: EndpointRecord): Record<string, unknown> {
  const container = record.model.input.PrimaryContainer ?? record.model.input.Containers?.[0];
  const inService = record.status === "InService";
  const variants = record.config.input.ProductionVariants.map((variant) => ({
    VariantName: variant.VariantName,
    ...(container?.Image === undefined
      ? {}
      : {
          DeployedImages: [
            {
              SpecifiedImage: container.Image,
              ResolvedImage: container.Image,
              ResolutionTime: record.creationTime,
            },
          ],
        }),
    CurrentWeight: variant.InitialVariantWeight ?? 1,
    DesiredWeight: variant.InitialVariantWeight ?? 1,
    ...(inService ? { CurrentInstanceCount: variant.InitialInstanceCount ?? 1 } : {}),
    DesiredInstanceCount: variant.InitialInstanceCount ?? 1,
  }));
  return {
    EndpointName: record.name,
    EndpointArn: record.arn,
    EndpointConfigName: record.configName,
    ProductionVariants: variants,
    EndpointStatus: record.status,
    ...(record.failureReason === undefined ? {} : { FailureReason: record.failureReason }),
    CreationTime: record.creationTime,
    LastModifiedTime: record.lastModifiedTime,
    ...(record.config.input.AsyncInferenceConfig === undefined
      ? {}
      : { AsyncInferenceConfig: record.config.input.AsyncInferenceConfig }),
  };
}

export function summarizeEndpoint(record: EndpointRecord): Record<string, unknown> {
  return {
    EndpointName: record.name,
    EndpointArn: record.arn,
    CreationTime: record.creationTime,
    LastModifiedTime: record.lastModifiedTime,
    EndpointStatus: record.status,
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
