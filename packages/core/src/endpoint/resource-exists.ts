import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { isNotFound } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";

export type EndpointResourceKind = "endpoint" | "endpoint-config" | "model";

/** Whether the named SageMaker resource exists (Describe* answers, or says "Could not find"). */
export async function resourceExists(
  sagemaker: SageMakerClient,
  kind: EndpointResourceKind,
  name: string,
): Promise<boolean> {
  const operation = {
    endpoint: "DescribeEndpoint",
    "endpoint-config": "DescribeEndpointConfig",
    model: "DescribeModel",
  }[kind];
  try {
    await callAws(sagemaker, operation, () => describe(sagemaker, kind, name));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function describe(sagemaker: SageMakerClient, kind: EndpointResourceKind, name: string): Promise<unknown> {
  switch (kind) {
    case "endpoint":
      return sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
    case "endpoint-config":
      return sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
    case "model":
      return sagemaker.send(new DescribeModelCommand({ ModelName: name }));
  }
}
