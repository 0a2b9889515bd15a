// One handler per supported SageMaker operation: parse the awsJson1_1 input, act, shape the output.

import { parseInput } from "../wire/parse-input.js";
import type { ControlPlane } from "./control-plane.js";
import { describeEndpoint, describeEndpointConfig, describeModel, summarizeEndpoint } from "./describe.js";
import { INFERENCE_COMPONENT_OPERATIONS } from "./inference-components/operations.js";
import { paginate } from "./paginate.js";
import {
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateModelInput,
  EndpointConfigNameInput,
  EndpointNameInput,
  ListInput,
  ModelNameInput,
  UpdateEndpointInput,
  UpdateEndpointWeightsAndCapacitiesInput,
} from "./shapes.js";

export type Operation = (plane: ControlPlane, input: unknown) => Record<string, unknown>;

export const OPERATIONS: Record<string, Operation> = {
  CreateModel: (plane, input) => ({ ModelArn: plane.createModel(parseInput(CreateModelInput, input)).arn }),
  DescribeModel: (plane, input) => describeModel(plane.getModel(parseInput(ModelNameInput, input).ModelName)),
  DeleteModel: (plane, input) => {
    plane.deleteModel(parseInput(ModelNameInput, input).ModelName);
    return {};
  },
  ListModels: (plane, input) => {
    const records = [...plane.models.values()].map((r) => ({ ...r, name: r.input.ModelName }));
    const { page, nextToken } = paginate(records, parseInput(ListInput, input));
    return {
      Models: page.map((r) => ({ ModelName: r.name, ModelArn: r.arn, CreationTime: r.creationTime })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },
  CreateEndpointConfig: (plane, input) => ({
    EndpointConfigArn: plane.createEndpointConfig(parseInput(CreateEndpointConfigInput, input)).arn,
  }),
  DescribeEndpointConfig: (plane, input) =>
    describeEndpointConfig(
      plane.getEndpointConfig(parseInput(EndpointConfigNameInput, input).EndpointConfigName),
    ),
  DeleteEndpointConfig: (plane, input) => {
    plane.deleteEndpointConfig(parseInput(EndpointConfigNameInput, input).EndpointConfigName);
    return {};
  },
  ListEndpointConfigs: (plane, input) => {
    const records = [...plane.endpointConfigs.values()].map((r) => ({
      ...r,
      name: r.input.EndpointConfigName,
    }));
    const { page, nextToken } = paginate(records, parseInput(ListInput, input));
    return {
      EndpointConfigs: page.map((r) => ({
        EndpointConfigName: r.name,
        EndpointConfigArn: r.arn,
        CreationTime: r.creationTime,
      })),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },
  CreateEndpoint: (plane, input) => ({
    EndpointArn: plane.createEndpoint(parseInput(CreateEndpointInput, input)).arn,
  }),
  DescribeEndpoint: (plane, input) =>
    describeEndpoint(
      plane.getEndpoint(parseInput(EndpointNameInput, input).EndpointName),
      plane.inferenceComponents,
    ),
  UpdateEndpoint: (plane, input) => {
    const { EndpointName, EndpointConfigName } = parseInput(UpdateEndpointInput, input);
    return { EndpointArn: plane.updateEndpoint(EndpointName, EndpointConfigName).arn };
  },
  UpdateEndpointWeightsAndCapacities: (plane, input) => {
    const { EndpointName, DesiredWeightsAndCapacities } = parseInput(
      UpdateEndpointWeightsAndCapacitiesInput,
      input,
    );
    return { EndpointArn: plane.updateWeightsAndCapacities(EndpointName, DesiredWeightsAndCapacities).arn };
  },
  DeleteEndpoint: (plane, input) => {
    plane.deleteEndpoint(parseInput(EndpointNameInput, input).EndpointName);
    return {};
  },
  ListEndpoints: (plane, input) => {
    const { page, nextToken } = paginate([...plane.endpoints.values()], parseInput(ListInput, input));
    return {
      Endpoints: page.map(summarizeEndpoint),
      ...(nextToken === undefined ? {} : { NextToken: nextToken }),
    };
  },
  ...Object.fromEntries(
    Object.entries(INFERENCE_COMPONENT_OPERATIONS).map(([name, operation]): [string, Operation] => [
      name,
      (plane, input) => operation(plane.inferenceComponents, input),
    ]),
  ),
};
