import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { isNotFound } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";
import type { EndpointResourceKind } from "./resource-exists.js";

export interface DeleteEndpointInput {
  endpointName: string;
  endpointConfigName: string;
  modelName: string;
}

export interface DeletedResource {
  kind: EndpointResourceKind;
  name: string;
  /** false when it did not exist. */
  deleted: boolean;
}

/** Deletes exactly the named endpoint, config and model (in that order); missing ones are reported, not errors. */
export async function deleteEndpoint(
  sagemaker: SageMakerClient,
  input: DeleteEndpointInput,
): Promise<{ resources: DeletedResource[] }> {
  const resources: DeletedResource[] = [];
  for (const [kind, name] of [
    ["endpoint", input.endpointName],
    ["endpoint-config", input.endpointConfigName],
    ["model", input.modelName],
  ] as const) {
    resources.push({ kind, name, deleted: await deleteResource(sagemaker, kind, name) });
  }
  return { resources };
}

/** Deletes one SageMaker resource by name; false when it did not exist. */
export async function deleteResource(
  sagemaker: SageMakerClient,
  kind: EndpointResourceKind,
  name: string,
): Promise<boolean> {
  try {
    switch (kind) {
      case "endpoint":
        await callAws(sagemaker, "DeleteEndpoint", () =>
          sagemaker.send(new DeleteEndpointCommand({ EndpointName: name })),
        );
        break;
      case "endpoint-config":
        await callAws(sagemaker, "DeleteEndpointConfig", () =>
          sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })),
        );
        break;
      case "model":
        await callAws(sagemaker, "DeleteModel", () =>
          sagemaker.send(new DeleteModelCommand({ ModelName: name })),
        );
        break;
    }
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
