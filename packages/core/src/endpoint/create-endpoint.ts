import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { isAlreadyExists } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";
import { deleteResource } from "./delete-endpoint.js";
import { ResourceExistsError } from "./endpoint-errors.js";
import { type EndpointResourceKind, resourceExists } from "./resource-exists.js";

export interface CreateEndpointInput {
  endpointName: string;
  endpointConfigName: string;
  modelName: string;
  /** IAM role SageMaker assumes to pull the image and read the models prefix. */
  role: string;
  /** The MME-capable serving image (e.g. Triton's SageMaker image). */
  imageUri: string;
  /** The models prefix, s3://bucket/prefix/; TargetModel keys are relative to it. */
  modelDataUrl: string;
  instanceType: string;
  instanceCount: number;
  /** ProductionVariant VolumeSizeInGB: the ML storage volume of each instance (the MME disk tier). */
  volumeSizeGb?: number;
  variantName: string;
  modelCacheSetting?: "Enabled" | "Disabled";
}

export interface CreateEndpointOutput {
  modelArn: string;
  endpointConfigArn: string;
  endpointArn: string;
}

/** CreateModel (MultiModel) → CreateEndpointConfig → CreateEndpoint. Refuses when any of them exists. */
export async function createEndpoint(
  sagemaker: SageMakerClient,
  input: CreateEndpointInput,
): Promise<CreateEndpointOutput> {
  const names: [EndpointResourceKind, string][] = [
    ["model", input.modelName],
    ["endpoint-config", input.endpointConfigName],
    ["endpoint", input.endpointName],
  ];
  for (const [kind, name] of names) {
    if (await resourceExists(sagemaker, kind, name)) throw existsError(kind, name);
  }

  // Undo this call's own creations when a later step fails, so a retry does not hit "already exists".
  const created: [EndpointResourceKind, string][] = [];
  try {
    return await createAll();
  } catch (error) {
    for (const [kind, name] of created.reverse())
      await deleteResource(sagemaker, kind, name).catch(() => false);
    throw error;
  }

  async function createAll(): Promise<CreateEndpointOutput> {
    const model = await create("model", input.modelName, () =>
      sagemaker.send(
        new CreateModelCommand({
          ModelName: input.modelName,
          ExecutionRoleArn: input.role,
          PrimaryContainer: {
            Image: input.imageUri,
            ModelDataUrl: input.modelDataUrl,
            Mode: "MultiModel",
            ...(input.modelCacheSetting
              ? { MultiModelConfig: { ModelCacheSetting: input.modelCacheSetting } }
              : {}),
          },
        }),
      ),
    );
    const config = await create("endpoint-config", input.endpointConfigName, () =>
      sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: input.endpointConfigName,
          ProductionVariants: [
            {
              VariantName: input.variantName,
              ModelName: input.modelName,
              InstanceType: input.instanceType as never,
              InitialInstanceCount: input.instanceCount,
              ...(input.volumeSizeGb === undefined ? {} : { VolumeSizeInGB: input.volumeSizeGb }),
            },
          ],
        }),
      ),
    );
    const endpoint = await create("endpoint", input.endpointName, () =>
      sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: input.endpointName,
          EndpointConfigName: input.endpointConfigName,
        }),
      ),
    );
    return {
      modelArn: model.ModelArn ?? "",
      endpointConfigArn: config.EndpointConfigArn ?? "",
      endpointArn: endpoint.EndpointArn ?? "",
    };
  }

  async function create<T>(kind: EndpointResourceKind, name: string, fn: () => Promise<T>): Promise<T> {
    const operation = {
      model: "CreateModel",
      "endpoint-config": "CreateEndpointConfig",
      endpoint: "CreateEndpoint",
    }[kind];
    try {
      const result = await callAws(sagemaker, operation, fn);
      created.push([kind, name]);
      return result;
    } catch (error) {
      if (isAlreadyExists(error)) throw existsError(kind, name);
      throw error;
    }
  }
}

function existsError(kind: EndpointResourceKind, name: string): ResourceExistsError {
  return new ResourceExistsError(
    `${kind} "${name}" already exists; delete it first (mme delete-endpoint or mme clean) or choose other names`,
  );
}
