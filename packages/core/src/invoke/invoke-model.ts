import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { callAws } from "../aws/call-aws.js";

export interface InvokeModelInput {
  endpointName: string;
  /** Key relative to the models prefix, e.g. add_sub_v1.tar.gz (a multi-model endpoint). */
  targetModel?: string;
  /** The inference component to invoke (an endpoint for inference components). */
  inferenceComponentName?: string;
  body: Uint8Array;
  contentType?: string;
  accept?: string;
  customAttributes?: string;
  inferenceId?: string;
}

export interface InvokeModelOutput {
  body: Uint8Array;
  contentType?: string;
  invokedProductionVariant?: string;
  customAttributes?: string;
}

/** InvokeEndpoint with a TargetModel, or an InferenceComponentName. */
export async function invokeModel(
  runtime: SageMakerRuntimeClient,
  input: InvokeModelInput,
): Promise<InvokeModelOutput> {
  const response = await callAws(runtime, "InvokeEndpoint", () =>
    runtime.send(
      new InvokeEndpointCommand({
        EndpointName: input.endpointName,
        TargetModel: input.targetModel,
        InferenceComponentName: input.inferenceComponentName,
        Body: input.body,
        ContentType: input.contentType,
        Accept: input.accept,
        CustomAttributes: input.customAttributes,
        InferenceId: input.inferenceId,
      }),
    ),
  );
  return {
    body: response.Body ?? new Uint8Array(),
    contentType: response.ContentType,
    invokedProductionVariant: response.InvokedProductionVariant,
    customAttributes: response.CustomAttributes,
  };
}
