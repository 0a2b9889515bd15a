import { describeEndpoint } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { formatRows, printResult } from "../output.js";

export const statusCommand = defineCommand({
  meta: {
    name: "status",
    alias: "describe-endpoint",
    description: "endpoint status, config, instances, models prefix and failure reason",
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const d = await describeEndpoint(clients.sagemaker, settings.endpointName);
    printResult(json, d, () =>
      formatRows([
        ["endpoint", `${d.endpointName} (${d.status})`],
        ["failure reason", d.failureReason],
        ["endpoint config", d.endpointConfigName],
        ...d.variants.map((v): [string, string] => [
          `variant ${v.variantName}`,
          `${v.instanceType ?? "?"} x ${v.currentInstanceCount ?? v.instanceCount ?? "?"}`,
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
