import { DeleteInferenceComponentCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { isNotFound } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";

/** DeleteInferenceComponent; false when it did not exist. Its SageMaker model stays. */
export async function deleteInferenceComponent(sagemaker: SageMakerClient, name: string): Promise<boolean> {
  try {
    await callAws(sagemaker, "DeleteInferenceComponent", () =>
      sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: name })),
    );
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
