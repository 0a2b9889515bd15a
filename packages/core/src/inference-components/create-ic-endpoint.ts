// An endpoint for inference components: a config whose variant names no model (the components do),
// with its instances, optional managed instance scaling and routing strategy, then the endpoint.
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  type ProductionVariantInstanceType,
  type RoutingStrategy,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call-aws.js";
import { deleteResource } from "../endpoint/delete-endpoint.js";

export interface CreateIcEndpointInput {
  endpointName: string;
  endpointConfigName: string;
  variantName: string;
  /** IAM role SageMaker assumes for the components' models (the config's ExecutionRoleArn). */
  role: string;
  instanceType: string;
  instanceCount: number;
  /** Managed instance scaling: instances added and removed as copies need them (MIN may be 0). */
  managedScaling?: { minInstances: number; maxInstances: number };
  routingStrategy?: RoutingStrategy;
}

export async function createIcEndpoint(
  sagemaker: SageMakerClient,
  input: CreateIcEndpointInput,
): Promise<{ endpointArn: string }> {
  await callAws(sagemaker, "CreateEndpointConfig", () =>
    sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: input.endpointConfigName,
        ExecutionRoleArn: input.role,
        ProductionVariants: [
          {
            VariantName: input.variantName,
            InstanceType: input.instanceType as ProductionVariantInstanceType,
            InitialInstanceCount: input.instanceCount,
            ...(input.managedScaling
              ? {
                  ManagedInstanceScaling: {
                    Status: "ENABLED",
                    MinInstanceCount: input.managedScaling.minInstances,
                    MaxInstanceCount: input.managedScaling.maxInstances,
                  },
                }
              : {}),
            ...(input.routingStrategy ? { RoutingConfig: { RoutingStrategy: input.routingStrategy } } : {}),
          },
        ],
      }),
    ),
  );
  try {
    const endpoint = await callAws(sagemaker, "CreateEndpoint", () =>
      sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: input.endpointName,
          EndpointConfigName: input.endpointConfigName,
        }),
      ),
    );
    return { endpointArn: endpoint.EndpointArn ?? "" };
  } catch (error) {
    // No config left behind for a retry to trip on.
    await deleteResource(sagemaker, "endpoint-config", input.endpointConfigName).catch(() => false);
    throw error;
  }
}
