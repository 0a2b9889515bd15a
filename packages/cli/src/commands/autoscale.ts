import { configureAutoscaling, disableAutoscaling, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { formatRows, note, printResult } from "../output.js";
import { scalingPolicy, scalingPolicyArgs, wholeNumber } from "./autoscale-args.js";

export const autoscaleCommand = defineCommand({
  meta: {
    name: "autoscale",
    description:
      "register the endpoint variant with Application Auto Scaling (target tracking on invocations per instance), or --off",
  },
  args: {
    ...globalArgs,
    min: { type: "string", description: "minimum instance count" },
    max: { type: "string", description: "maximum instance count" },
    ...scalingPolicyArgs,
    off: { type: "boolean", description: "delete the scaling policy and deregister the variant" },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const ref = { endpointName: settings.endpointName, variantName: settings.variantName };
    if (args.off) {
      if (args.min !== undefined || args.max !== undefined || args["target-invocations"] !== undefined) {
        throw new UsageError("--off takes no --min, --max or --target-invocations");
      }
      const removed = await disableAutoscaling(clients.autoscaling, ref);
      note(
        removed
          ? `autoscaling removed from ${ref.endpointName}/${ref.variantName}`
          : `${ref.endpointName}/${ref.variantName} had no autoscaling`,
      );
      printResult(json, { ...ref, autoscaling: false, removed }, () => "");
      return;
    }
    const input = {
      ...ref,
      minCapacity: wholeNumber(args.min, "--min", 1),
      maxCapacity: wholeNumber(args.max, "--max", 1),
      ...scalingPolicy(args),
    };
    const result = await configureAutoscaling(clients.autoscaling, input);
    printResult(json, { ...input, ...result }, () =>
      formatRows([
        ["scalable target", result.resourceId],
        ["instances", `${input.minCapacity}-${input.maxCapacity}`],
        ["policy", result.policyName],
        ["target", `${input.targetInvocations} invocations per instance per minute`],
        ["scale-in cooldown", input.scaleInCooldown === undefined ? "default" : `${input.scaleInCooldown} s`],
        [
          "scale-out cooldown",
          input.scaleOutCooldown === undefined ? "default" : `${input.scaleOutCooldown} s`,
        ],
      ]),
    );
  },
});
