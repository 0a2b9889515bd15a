// Neither botocore nor the AWS SDKs have a waiter for inference components: poll
// DescribeInferenceComponent until the component is InService, as `mme ic create` does.
import {
  DescribeInferenceComponentCommand,
  type DescribeInferenceComponentCommandOutput,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { expect, vi } from "vitest";

export function waitComponentInService(
  client: SageMakerClient,
  name: string,
  timeoutMs = 30_000,
): Promise<DescribeInferenceComponentCommandOutput> {
  return vi.waitFor(
    async () => {
      const described = await client.send(
        new DescribeInferenceComponentCommand({ InferenceComponentName: name }),
      );
      expect(described.InferenceComponentStatus).toBe("InService");
      return described;
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
