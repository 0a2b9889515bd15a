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

/** What DescribeEndpoint reads of the inference components: an IC variant's instance count now. */
export interface ComponentInstances {
  instanceCount(endpoint: EndpointRecord, variantName: string): number;
}

export function describeEndpoint(
  record: EndpointRecord,
  components?: ComponentInstances,
): Record<string, unknown> {
  const variants = record.config.input.ProductionVariants.map((variant, i) => {
    const model = record.variantModels[i] ?? record.model;
    const container = model?.input.PrimaryContainer ?? model?.input.Containers?.[0];
    // Once serving: what the instances are now (UpdateEndpointWeightsAndCapacities, autoscaling).
    const served = record.variants?.find((v) => v.spec.variantName === variant.VariantName);
    const weight = variant.InitialVariantWeight ?? 1;
    const count = variant.InitialInstanceCount ?? 1;
    return {
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
      CurrentWeight: served?.currentWeight ?? weight,
      DesiredWeight: served?.desiredWeight ?? weight,
      ...(served ? { CurrentInstanceCount: served.fleet.instanceCount } : {}),
      DesiredInstanceCount: served?.desiredInstanceCount ?? count,
      ...(served?.pending ? { VariantStatus: [served.pending] } : {}),
      ...inferenceComponentVariant(record, variant, components),
    };
  });
  return {
    EndpointName: record.name,
    EndpointArn: record.arn,
    EndpointConfigName: record.configName,
    ProductionVariants: variants,
    EndpointStatus: record.status,
    ...(record.failureReason === undefined ? {} : { FailureReason: record.failureReason }),
    CreationTime: record.creationTime,
    LastModifiedTime: record.lastModifiedTime,
    ...(record.pending === undefined
      ? {}
      : {
          PendingDeploymentSummary: {
            EndpointConfigName: record.pending.configName,
            ProductionVariants: record.pending.config.input.ProductionVariants.map((variant) => ({
              VariantName: variant.VariantName,
              DesiredWeight: variant.InitialVariantWeight ?? 1,
              DesiredInstanceCount: variant.InitialInstanceCount ?? 1,
              ...(variant.InstanceType === undefined ? {} : { InstanceType: variant.InstanceType }),
              VariantStatus: [{ Status: "Creating", StartTime: record.pending!.startTime }],
            })),
            StartTime: record.pending.startTime,
          },
        }),
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

/** How the variant scales and routes; an inference-component variant's instances (it has no fleet yet). */
function inferenceComponentVariant(
  record: EndpointRecord,
  variant: EndpointConfigRecord["input"]["ProductionVariants"][number],
  components: ComponentInstances | undefined,
): Record<string, unknown> {
  if (variant.ModelName !== undefined) return {};
  const serving = record.status === "InService" || record.status === "Updating";
  // Managed instance scaling: as many instances as the components' copies need.
  const count = components?.instanceCount(record, variant.VariantName) ?? variant.InitialInstanceCount ?? 1;
  return {
    ...(serving ? { CurrentInstanceCount: count, DesiredInstanceCount: count } : {}),
    ...(variant.ManagedInstanceScaling === undefined
      ? {}
      : { ManagedInstanceScaling: variant.ManagedInstanceScaling }),
    ...(variant.RoutingConfig === undefined ? {} : { RoutingConfig: variant.RoutingConfig }),
  };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
