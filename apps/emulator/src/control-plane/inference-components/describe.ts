// Inference-component records → DescribeInferenceComponent's output and ListInferenceComponents'
// summaries (botocore sagemaker service-2.json).
import type { InferenceComponentRecord } from "./records.js";

export function describeInferenceComponent(record: InferenceComponentRecord): Record<string, unknown> {
  const { Container, ...specification } = record.specification;
  const { Image, ...container } = Container ?? {};
  return {
    InferenceComponentName: record.name,
    InferenceComponentArn: record.arn,
    EndpointName: record.endpointName,
    EndpointArn: record.endpointArn,
    VariantName: record.variantName,
    ...(record.failureReason === undefined ? {} : { FailureReason: record.failureReason }),
    Specification: {
      ...specification,
      ...(Container === undefined
        ? {}
        : {
            Container: {
              ...container,
              ...(Image === undefined
                ? {}
                : {
                    DeployedImage: {
                      SpecifiedImage: Image,
                      ResolvedImage: Image,
                      ResolutionTime: record.creationTime,
                    },
                  }),
            },
          }),
    },
    RuntimeConfig: {
      DesiredCopyCount: record.desiredCopyCount,
      CurrentCopyCount: record.currentCopyCount,
    },
    CreationTime: record.creationTime,
    LastModifiedTime: record.lastModifiedTime,
    InferenceComponentStatus: record.status,
    ...(record.lastDeploymentConfig === undefined
      ? {}
      : { LastDeploymentConfig: record.lastDeploymentConfig }),
  };
}

export function summarizeInferenceComponent(record: InferenceComponentRecord): Record<string, unknown> {
  return {
    CreationTime: record.creationTime,
    InferenceComponentArn: record.arn,
    InferenceComponentName: record.name,
    EndpointArn: record.endpointArn,
    EndpointName: record.endpointName,
    VariantName: record.variantName,
    InferenceComponentStatus: record.status,
    LastModifiedTime: record.lastModifiedTime,
  };
}
