// CreateInferenceComponent for one model on an endpoint's variant, with the copy's compute reservation;
// with a model artifact instead of a model name, first the SageMaker model (SingleModel) of the same name.
import {
  CreateInferenceComponentCommand,
  CreateModelCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call-aws.js";
import { deleteResource } from "../endpoint/delete-endpoint.js";

export interface ComputeRequirements {
  memoryMb: number;
  cpus?: number;
  accelerators?: number;
}

export type ComponentModel =
  | { modelName: string }
  | { modelDataUrl: string; imageUri: string; role: string; environment?: Record<string, string> };

export interface CreateInferenceComponentInput {
  name: string;
  endpointName: string;
  variantName: string;
  model: ComponentModel;
  compute: ComputeRequirements;
  copies: number;
}

export interface CreateInferenceComponentOutput {
  inferenceComponentArn: string;
  modelName: string;
  /** Whether this call created the SageMaker model (from modelDataUrl). */
  createdModel: boolean;
}

export async function createInferenceComponent(
  sagemaker: SageMakerClient,
  input: CreateInferenceComponentInput,
): Promise<CreateInferenceComponentOutput> {
  const model = input.model;
  const modelName = "modelName" in model ? model.modelName : input.name;
  if (!("modelName" in model)) {
    await callAws(sagemaker, "CreateModel", () =>
      sagemaker.send(
        new CreateModelCommand({
          ModelName: modelName,
          ExecutionRoleArn: model.role,
          PrimaryContainer: {
            Image: model.imageUri,
            ModelDataUrl: model.modelDataUrl,
            Mode: "SingleModel",
            ...(model.environment ? { Environment: model.environment } : {}),
          },
        }),
      ),
    );
  }
  try {
    const created = await callAws(sagemaker, "CreateInferenceComponent", () =>
      sagemaker.send(
        new CreateInferenceComponentCommand({
          InferenceComponentName: input.name,
          EndpointName: input.endpointName,
          VariantName: input.variantName,
          Specification: {
            ModelName: modelName,
            ComputeResourceRequirements: {
              MinMemoryRequiredInMb: input.compute.memoryMb,
              ...(input.compute.cpus === undefined ? {} : { NumberOfCpuCoresRequired: input.compute.cpus }),
              ...(input.compute.accelerators === undefined
                ? {}
                : { NumberOfAcceleratorDevicesRequired: input.compute.accelerators }),
            },
          },
          RuntimeConfig: { CopyCount: input.copies },
        }),
      ),
    );
    return {
      inferenceComponentArn: created.InferenceComponentArn ?? "",
      modelName,
      createdModel: !("modelName" in model),
    };
  } catch (error) {
    // The model this call made is removed again, so a retry does not hit "already exists".
    if (!("modelName" in model)) await deleteResource(sagemaker, "model", modelName).catch(() => false);
    throw error;
  }
}
