// DescribeInferenceComponent and ListInferenceComponents as plain data for the CLI: name, status,
// copies, model and compute.
import {
  DescribeInferenceComponentCommand,
  type DescribeInferenceComponentCommandOutput,
  paginateListInferenceComponents,
  type SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { isNotFound } from "../aws/aws-error.js";
import { callAws } from "../aws/call-aws.js";
import { InferenceComponentNotFoundError } from "./inference-component-errors.js";

export interface InferenceComponentDescription {
  name: string;
  arn: string;
  endpointName: string;
  variantName?: string;
  status: string;
  failureReason?: string;
  modelName?: string;
  desiredCopies?: number;
  currentCopies?: number;
  cpus?: number;
  memoryMb?: number;
  accelerators?: number;
  creationTime?: string;
  lastModifiedTime?: string;
}

export async function describeInferenceComponent(
  sagemaker: SageMakerClient,
  name: string,
): Promise<InferenceComponentDescription> {
  let output: DescribeInferenceComponentCommandOutput;
  try {
    output = await callAws(sagemaker, "DescribeInferenceComponent", () =>
      sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })),
    );
  } catch (error) {
    if (isNotFound(error)) {
      throw new InferenceComponentNotFoundError(`inference component "${name}" does not exist`);
    }
    throw error;
  }
  const compute = output.Specification?.ComputeResourceRequirements;
  return {
    name: output.InferenceComponentName ?? name,
    arn: output.InferenceComponentArn ?? "",
    endpointName: output.EndpointName ?? "",
    variantName: output.VariantName,
    status: output.InferenceComponentStatus ?? "Unknown",
    failureReason: output.FailureReason || undefined,
    modelName: output.Specification?.ModelName,
    desiredCopies: output.RuntimeConfig?.DesiredCopyCount,
    currentCopies: output.RuntimeConfig?.CurrentCopyCount,
    cpus: compute?.NumberOfCpuCoresRequired,
    memoryMb: compute?.MinMemoryRequiredInMb,
    accelerators: compute?.NumberOfAcceleratorDevicesRequired,
    creationTime: output.CreationTime?.toISOString(),
    lastModifiedTime: output.LastModifiedTime?.toISOString(),
  };
}

/** Every component (on one endpoint when named), by name, each described for its copies and model. */
export async function listInferenceComponents(
  sagemaker: SageMakerClient,
  filter: { endpointName?: string } = {},
): Promise<InferenceComponentDescription[]> {
  const names: string[] = [];
  const pages = paginateListInferenceComponents(
    { client: sagemaker, pageSize: 100 },
    {
      SortBy: "Name",
      SortOrder: "Ascending",
      ...(filter.endpointName === undefined ? {} : { EndpointNameEquals: filter.endpointName }),
    },
  );
  await callAws(sagemaker, "ListInferenceComponents", async () => {
    for await (const page of pages) {
      for (const summary of page.InferenceComponents ?? []) names.push(summary.InferenceComponentName ?? "");
    }
  });
  const described: InferenceComponentDescription[] = [];
  for (const name of names) {
    try {
      described.push(await describeInferenceComponent(sagemaker, name));
    } catch (error) {
      // Deleted between the list and the describe.
      if (!(error instanceof InferenceComponentNotFoundError)) throw error;
    }
  }
  return described;
}
