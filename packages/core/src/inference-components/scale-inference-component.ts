// UpdateInferenceComponentRuntimeConfig: the copy count a component should have (0 frees its compute).
import {
  type SageMakerClient,
  UpdateInferenceComponentRuntimeConfigCommand,
} from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call-aws.js";

export async function scaleInferenceComponent(
  sagemaker: SageMakerClient,
  name: string,
  copies: number,
): Promise<{ inferenceComponentArn: string }> {
  const output = await callAws(sagemaker, "UpdateInferenceComponentRuntimeConfig", () =>
    sagemaker.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: name,
        DesiredRuntimeConfig: { CopyCount: copies },
      }),
    ),
  );
  return { inferenceComponentArn: output.InferenceComponentArn ?? "" };
}
