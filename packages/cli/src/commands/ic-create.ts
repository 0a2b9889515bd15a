import {
  type ComponentModel,
  createIcEndpoint,
  createInferenceComponent,
  describeInferenceComponent,
  requireSetting,
  resourceExists,
  type Settings,
  UsageError,
  waitForInService,
} from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { note, printResult } from "../output.js";
import { statusLine } from "../status-line.js";
import { capacityRange, instanceCountArg, wholeNumber } from "./autoscale-args.js";
import { componentRows } from "./ic-describe.js";
import { waitArgs, waitWithProgress } from "./ic-wait.js";
import { imageUriFor } from "./image-uri.js";
import { positiveNumber } from "./parse-number.js";

const ROUTING = { "least-outstanding": "LEAST_OUTSTANDING_REQUESTS", random: "RANDOM" } as const;

export const icCreateCommand = defineCommand({
  meta: {
    name: "create",
    description:
      "deploy one model as an inference component with its own copies and compute; creates the inference-component endpoint first when it does not exist",
  },
  args: {
    ...globalArgs,
    name: { type: "positional", required: true, description: "the inference component" },
    "model-data-url": {
      type: "string",
      description: "the model's artifact (s3://…/model.tar.gz): creates a SageMaker model of the same name",
    },
    model: { type: "string", description: "an existing SageMaker model instead of --model-data-url" },
    memory: { type: "string", required: true, description: "memory each copy reserves, MB (at least 128)" },
    cpus: { type: "string", description: "CPU cores each copy reserves (at least 0.25)" },
    accelerators: { type: "string", description: "accelerator devices (GPUs) each copy reserves" },
    copies: { type: "string", default: "1", description: "copies to run, 0 or more" },
    "instance-count": {
      type: "string",
      description: "a new endpoint's InitialInstanceCount (MME_INSTANCE_COUNT; default 1)",
    },
    "managed-scaling": {
      type: "string",
      description: "MIN-MAX instances a new endpoint adds and removes as copies need them (MIN may be 0)",
    },
    routing: {
      type: "string",
      description: "a new endpoint's routing: random (SageMaker's default) or least-outstanding",
    },
    ...waitArgs,
  },
  async run({ args }) {
    const compute = {
      memoryMb: wholeNumber(args.memory, "--memory", 128),
      ...(args.cpus === undefined ? {} : { cpus: atLeast(args.cpus, "--cpus", 0.25) }),
      ...(args.accelerators === undefined
        ? {}
        : { accelerators: wholeNumber(args.accelerators, "--accelerators", 1) }),
    };
    const copies = wholeNumber(args.copies, "--copies", 0);
    const pollIntervalMs = positiveNumber(args["poll-interval"], "--poll-interval") * 1000;
    const { settings, clients, json } = await commandContext(args);
    const model = componentModel(args, settings);
    const endpoint = {
      endpointName: settings.endpointName,
      endpointConfigName: settings.endpointConfigName,
      variantName: settings.variantName,
    };

    const createdEndpoint = !(await resourceExists(clients.sagemaker, "endpoint", endpoint.endpointName));
    if (createdEndpoint) {
      const managed =
        args["managed-scaling"] === undefined
          ? undefined
          : capacityRange(args["managed-scaling"], "--managed-scaling", 0);
      await createIcEndpoint(clients.sagemaker, {
        ...endpoint,
        role: requireSetting(settings, "role"),
        instanceType: settings.instanceType,
        instanceCount: instanceCountArg(args["instance-count"], settings.instanceCount),
        ...(managed
          ? { managedScaling: { minInstances: managed.minCapacity, maxInstances: managed.maxCapacity } }
          : {}),
        ...(args.routing === undefined ? {} : { routingStrategy: routing(args.routing) }),
      });
      note(`created endpoint config ${endpoint.endpointConfigName} and endpoint ${endpoint.endpointName}`);
      // Components are placed on an endpoint in service.
      const line = statusLine(`endpoint ${endpoint.endpointName}`);
      try {
        await waitForInService(clients.sagemaker, {
          endpointName: endpoint.endpointName,
          pollIntervalMs,
          onStatus: line.update,
        });
      } finally {
        line.done();
      }
    } else if (args["managed-scaling"] !== undefined || args.routing !== undefined) {
      throw new UsageError(
        `--managed-scaling and --routing apply when the endpoint is created; ${endpoint.endpointName} exists`,
      );
    }

    const created = await createInferenceComponent(clients.sagemaker, {
      name: args.name,
      endpointName: endpoint.endpointName,
      variantName: endpoint.variantName,
      model,
      compute,
      copies,
    });
    note(
      `created ${created.createdModel ? `model ${created.modelName} and ` : ""}inference component ${args.name} on ${endpoint.endpointName}`,
    );
    const component = args.wait
      ? await waitWithProgress(clients, args.name, pollIntervalMs)
      : await describeInferenceComponent(clients.sagemaker, args.name);
    printResult(json, { ...component, createdEndpoint, createdModel: created.createdModel }, () =>
      componentRows(component),
    );
  },
});

function componentModel(
  args: { "model-data-url"?: string; model?: string },
  settings: Settings,
): ComponentModel {
  const url = args["model-data-url"];
  if ((url === undefined) === (args.model === undefined)) {
    throw new UsageError(
      "give the model as --model-data-url s3://…/model.tar.gz or as --model NAME (one of them)",
    );
  }
  if (args.model !== undefined) return { modelName: args.model };
  return {
    modelDataUrl: url!,
    imageUri: imageUriFor(settings, undefined),
    role: requireSetting(settings, "role"),
  };
}

function routing(value: string): (typeof ROUTING)[keyof typeof ROUTING] {
  const strategy = ROUTING[value as keyof typeof ROUTING];
  if (!strategy) throw new UsageError(`--routing must be least-outstanding or random, got "${value}"`);
  return strategy;
}

function atLeast(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${flag} must be a number of at least ${min}, got "${value}"`);
  return n;
}
