import { describeAutoscaling, describeEndpoint } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { formatRows, note, printResult } from "../output.js";

export const statusCommand = defineCommand({
  meta: {
    name: "status",
    alias: "describe-endpoint",
    description: "endpoint status, config, instances, models prefix and failure reason",
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const endpoint = await describeEndpoint(clients.sagemaker, settings.endpointName);
    const autoscaling = await Promise.all(
      endpoint.variants.map(async (v) => ({
        variantName: v.variantName,
        scaling: await describeAutoscaling(clients.autoscaling, {
          endpointName: settings.endpointName,
          variantName: v.variantName,
        }).catch((error: Error) => {
          // Permissions for Application Auto Scaling are separate: the endpoint's status still counts.
          note(`autoscaling of ${v.variantName}: not readable (${error.message})`);
          return undefined;
        }),
      })),
    );
    const d = {
      ...endpoint,
      variants: endpoint.variants.map((v, i) => ({
        ...v,
        ...(autoscaling[i]?.scaling ? { autoscaling: autoscaling[i].scaling } : {}),
      })),
    };
    printResult(json, d, () =>
      formatRows([
        ["endpoint", `${d.endpointName} (${d.status})`],
        ["failure reason", d.failureReason],
        ["endpoint config", d.endpointConfigName],
        ...d.variants.flatMap((v): [string, string | undefined][] => [
          [
            `variant ${v.variantName}`,
            `${v.instanceType ?? "?"} x ${v.currentInstanceCount ?? "?"} (desired ${v.desiredInstanceCount ?? v.instanceCount ?? "?"}, weight ${v.currentWeight ?? "?"})`,
          ],
          [
            "  autoscaling",
            v.autoscaling
              ? `${v.autoscaling.minCapacity}-${v.autoscaling.maxCapacity} instances${v.autoscaling.policy ? `, target ${v.autoscaling.policy.targetInvocations} invocations/instance/min (${v.autoscaling.policy.policyName})` : ", no policy"}`
              : undefined,
          ],
          ["  last scaling", v.autoscaling?.activities[0]?.description],
        ]),
        ["model", d.model?.modelName],
        ["image", d.model?.image],
        ["mode", d.model?.mode],
        ["models prefix", d.model?.modelDataUrl],
        ["model cache", d.model?.modelCacheSetting],
        ["created", d.creationTime],
      ]),
    );
  },
});
