import {
  configureAutoscaling,
  createEndpoint,
  requireSetting,
  type Settings,
  UsageError,
  waitForInService,
} from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { formatRows, note, printResult } from "../output.js";
import { statusLine } from "../status-line.js";
import {
  capacityRange,
  instanceCountArg,
  scalingPolicy,
  scalingPolicyArgs,
  wholeNumber,
} from "./autoscale-args.js";
import { imageUriFor } from "./image-uri.js";
import { positiveNumber } from "./parse-number.js";

export const createEndpointCommand = defineCommand({
  meta: {
    name: "create-endpoint",
    description: "create the MultiModel model, endpoint config and endpoint, then wait for InService",
  },
  args: {
    ...globalArgs,
    wait: {
      type: "boolean",
      default: true,
      description: "wait for InService",
      negativeDescription: "return at once",
    },
    "poll-interval": { type: "string", default: "15", description: "seconds between status polls" },
    "instance-count": { type: "string", description: "InitialInstanceCount (MME_INSTANCE_COUNT; default 1)" },
    "volume-size": {
      type: "string",
      description: "VolumeSizeInGB of each instance, 1-512 (MME_VOLUME_SIZE_GB)",
    },
    "triton-version": {
      type: "string",
      description:
        "SageMaker Triton image version when imageUri is unset (MME_TRITON_VERSION; default 24.09)",
    },
    autoscale: {
      type: "string",
      description: "MIN-MAX instances: register autoscaling once InService (with --target-invocations)",
    },
    ...scalingPolicyArgs,
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const input = {
      endpointName: settings.endpointName,
      endpointConfigName: settings.endpointConfigName,
      modelName: settings.modelName,
      role: requireSetting(settings, "role"),
      imageUri: imageUriFor(settings, args["triton-version"]),
      modelDataUrl: requireSetting(settings, "modelDataUrl"),
      instanceType: settings.instanceType,
      instanceCount: instanceCountArg(args["instance-count"], settings.instanceCount),
      ...volumeSize(args["volume-size"], settings),
      variantName: settings.variantName,
      modelCacheSetting: settings.modelCacheSetting,
    };
    const pollIntervalMs = positiveNumber(args["poll-interval"], "--poll-interval") * 1000;
    const autoscale =
      args.autoscale === undefined ? undefined : { ...capacityRange(args.autoscale), ...scalingPolicy(args) };
    if (autoscale && !args.wait)
      throw new UsageError("--autoscale needs the endpoint InService: drop --no-wait");
    const created = await createEndpoint(clients.sagemaker, input);
    note(
      `created model ${input.modelName}, endpoint config ${input.endpointConfigName}, endpoint ${input.endpointName}`,
    );
    let status = "Creating";
    if (args.wait) {
      const line = statusLine(`endpoint ${input.endpointName}`);
      try {
        status = (
          await waitForInService(clients.sagemaker, {
            endpointName: input.endpointName,
            pollIntervalMs,
            onStatus: line.update,
          })
        ).status;
      } finally {
        line.done();
      }
    }
    const scaling = autoscale
      ? await configureAutoscaling(clients.autoscaling, {
          endpointName: input.endpointName,
          variantName: input.variantName,
          ...autoscale,
        })
      : undefined;
    if (scaling)
      note(`autoscaling ${scaling.resourceId}: ${autoscale!.minCapacity}-${autoscale!.maxCapacity}`);
    printResult(
      json,
      { ...input, ...created, status, ...(scaling ? { autoscaling: { ...autoscale, ...scaling } } : {}) },
      () =>
        formatRows([
          ["endpoint", `${input.endpointName} (${status})`],
          ["arn", created.endpointArn],
          ["image", input.imageUri],
          ["instances", `${input.instanceType} x ${input.instanceCount}`],
          ["models prefix", input.modelDataUrl],
          [
            "autoscaling",
            autoscale
              ? `${autoscale.minCapacity}-${autoscale.maxCapacity} instances at ${autoscale.targetInvocations} invocations/instance/min`
              : undefined,
          ],
        ]),
    );
  },
});

function volumeSize(flag: string | undefined, settings: Settings): { volumeSizeGb?: number } {
  if (flag !== undefined) {
    const gb = wholeNumber(flag, "--volume-size", 1);
    if (gb > 512) throw new UsageError(`--volume-size must be at most 512 (GB), got ${gb}`);
    return { volumeSizeGb: gb };
  }
  return settings.volumeSizeGb === undefined ? {} : { volumeSizeGb: settings.volumeSizeGb };
}
