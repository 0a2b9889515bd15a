// An InService endpoint for inference components with one component on it, made through the SDK v3 as a
// user makes them, and a wait for its copies.
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  DescribeInferenceComponentCommand,
  type SageMakerClient,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { LOCAL_PROFILE } from "@mme/core";
import { expect, vi } from "vitest";

/**
 * ml.m5.xlarge (4 vCPUs, 16 GiB), variant AllTraffic naming no model; one copy of a 1-core, 1 GiB component
 * serving the tarball at `modelDataUrl` (component-models.ts uploads one).
 */
export async function createComponentEndpoint(
  client: SageMakerClient,
  names: { endpoint: string; component: string; modelDataUrl: string },
): Promise<void> {
  const config = `${names.endpoint}-config`;
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: config,
      ExecutionRoleArn: LOCAL_PROFILE.role,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          InstanceType: "ml.m5.xlarge",
          InitialInstanceCount: 1,
          ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
        },
      ],
    }),
  );
  await client.send(new CreateEndpointCommand({ EndpointName: names.endpoint, EndpointConfigName: config }));
  await waitUntilEndpointInService(
    { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { EndpointName: names.endpoint },
  );
  const model = `${names.component}-model`;
  await client.send(
    new CreateModelCommand({
      ModelName: model,
      ExecutionRoleArn: LOCAL_PROFILE.role,
      PrimaryContainer: { Image: LOCAL_PROFILE.imageUri, ModelDataUrl: names.modelDataUrl },
    }),
  );
  await client.send(
    new CreateInferenceComponentCommand({
      InferenceComponentName: names.component,
      EndpointName: names.endpoint,
      Specification: {
        ModelName: model,
        ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
      },
      RuntimeConfig: { CopyCount: 1 },
    }),
  );
  await waitForCopies(client, names.component, 1);
}

/** Until the component is InService with this many copies, desired and current. */
export async function waitForCopies(
  client: SageMakerClient,
  component: string,
  copies: number,
): Promise<void> {
  await vi.waitFor(
    async () => {
      const described = await client.send(
        new DescribeInferenceComponentCommand({ InferenceComponentName: component }),
      );
      expect(described.InferenceComponentStatus).toBe("InService");
      expect(described.RuntimeConfig).toEqual({ DesiredCopyCount: copies, CurrentCopyCount: copies });
    },
    { timeout: 30_000, interval: 50 },
  );
}
