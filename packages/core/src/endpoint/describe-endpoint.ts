import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { isNotFound } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";
import { EndpointNotFoundError } from "./endpoint-errors.js";

export interface EndpointVariantDescription {
  variantName: string;
  modelName?: string;
  instanceType?: string;
  /** Desired count from the config; current count from the endpoint when it reports one. */
  instanceCount?: number;
  currentInstanceCount?: number;
  desiredInstanceCount?: number;
  currentWeight?: number;
  desiredWeight?: number;
}

export interface EndpointDescription {
  endpointName: string;
  endpointArn?: string;
  status: string;
  failureReason?: string;
  endpointConfigName?: string;
  creationTime?: string;
  lastModifiedTime?: string;
  variants: EndpointVariantDescription[];
  model?: {
    modelName: string;
    image?: string;
    mode?: string;
    /** The models prefix (ModelDataUrl). */
    modelDataUrl?: string;
    modelCacheSetting?: string;
    executionRoleArn?: string;
  };
}

/** DescribeEndpoint, plus its config and the config's first model (which may since have gone). */
export async function describeEndpoint(
  sagemaker: SageMakerClient,
  endpointName: string,
): Promise<EndpointDescription> {
  let endpoint: Awaited<ReturnType<typeof describe>>;
  async function describe() {
    return callAws(sagemaker, "DescribeEndpoint", () =>
      sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
    );
  }
  try {
    endpoint = await describe();
  } catch (error) {
    if (isNotFound(error)) throw new EndpointNotFoundError(`endpoint "${endpointName}" does not exist`);
    throw error;
  }
  const config = endpoint.EndpointConfigName
    ? await optional(() =>
        callAws(sagemaker, "DescribeEndpointConfig", () =>
          sagemaker.send(
            new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }),
          ),
        ),
      )
    : undefined;
  const modelName = config?.ProductionVariants?.[0]?.ModelName;
  const model = modelName
    ? await optional(() =>
        callAws(sagemaker, "DescribeModel", () =>
          sagemaker.send(new DescribeModelCommand({ ModelName: modelName })),
        ),
      )
    : undefined;

  const variants: EndpointVariantDescription[] = (config?.ProductionVariants ?? []).map((v) => {
    const live = endpoint.ProductionVariants?.find((p) => p.VariantName === v.VariantName);
    return {
      variantName: v.VariantName ?? "",
      modelName: v.ModelName,
      instanceType: v.InstanceType,
      instanceCount: v.InitialInstanceCount,
      currentInstanceCount: live?.CurrentInstanceCount,
      desiredInstanceCount: live?.DesiredInstanceCount,
      currentWeight: live?.CurrentWeight,
      desiredWeight: live?.DesiredWeight,
    };
  });
  const container = model?.PrimaryContainer ?? model?.Containers?.[0];
  return {
    endpointName,
    endpointArn: endpoint.EndpointArn,
    status: endpoint.EndpointStatus ?? "Unknown",
    failureReason: endpoint.FailureReason || undefined,
    endpointConfigName: endpoint.EndpointConfigName,
    creationTime: endpoint.CreationTime?.toISOString(),
    lastModifiedTime: endpoint.LastModifiedTime?.toISOString(),
    variants,
    model:
      modelName && model
        ? {
            modelName,
            image: container?.Image,
            mode: container?.Mode,
            modelDataUrl: container?.ModelDataUrl,
            modelCacheSetting: container?.MultiModelConfig?.ModelCacheSetting,
            executionRoleArn: model.ExecutionRoleArn,
          }
        : undefined,
  };
}

async function optional<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
