// The inference-component operations of the SageMaker control plane: parse the awsJson1_1 input, act,
// shape the output (control-plane/operations.ts registers them beside the others).

import { parseInput } from "../../wire/parse-input.js";
import { paginate } from "../paginate.js";
import { describeInferenceComponent, summarizeInferenceComponent } from "./describe.js";
import type { InferenceComponents } from "./inference-components.js";
import type { InferenceComponentRecord } from "./records.js";
import {
  CreateInferenceComponentInput,
  InferenceComponentNameInput,
  type ListInferenceComponentsInput,
  ListInferenceComponentsInput as ListInput,
  UpdateInferenceComponentInput,
  UpdateRuntimeConfigInput,
} from "./shapes.js";

export type ComponentOperation = (components: InferenceComponents, input: unknown) => Record<string, unknown>;

export const INFERENCE_COMPONENT_OPERATIONS: Record<string, ComponentOperation> = {
  CreateInferenceComponent: (components, input) => ({
    InferenceComponentArn: components.create(parseInput(CreateInferenceComponentInput, input)).arn,
  }),
  DescribeInferenceComponent: (components, input) =>
    describeInferenceComponent(
      components.get(parseInput(InferenceComponentNameInput, input).InferenceComponentName),
    ),
  ListInferenceComponents: (components, input) => {
    const filters = parseInput(ListInput, input);
    const records = components.list().filter((record) => matches(record, filters));
    const { page, nextToken } = paginate(records, filters);
    return {
      InferenceComponents: page.map(summarizeInferenceComponent),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },
  UpdateInferenceComponent: (components, input) => ({
    InferenceComponentArn: components.update(parseInput(UpdateInferenceComponentInput, input)).arn,
  }),
  UpdateInferenceComponentRuntimeConfig: (components, input) => {
    const { InferenceComponentName, DesiredRuntimeConfig } = parseInput(UpdateRuntimeConfigInput, input);
    return {
      InferenceComponentArn: components.scale(InferenceComponentName, DesiredRuntimeConfig.CopyCount).arn,
    };
  },
  DeleteInferenceComponent: (components, input) => {
    components.delete(parseInput(InferenceComponentNameInput, input).InferenceComponentName);
    return {};
  },
};

/** The filters paginate() does not apply: endpoint, variant and the time windows. */
function matches(record: InferenceComponentRecord, f: ListInferenceComponentsInput): boolean {
  return (
    (f.EndpointNameEquals === undefined || record.endpointName === f.EndpointNameEquals) &&
    (f.VariantNameEquals === undefined || record.variantName === f.VariantNameEquals) &&
    (f.CreationTimeBefore === undefined || record.creationTime < f.CreationTimeBefore) &&
    (f.CreationTimeAfter === undefined || record.creationTime > f.CreationTimeAfter) &&
    (f.LastModifiedTimeBefore === undefined || record.lastModifiedTime < f.LastModifiedTimeBefore) &&
    (f.LastModifiedTimeAfter === undefined || record.lastModifiedTime > f.LastModifiedTimeAfter)
  );
}
