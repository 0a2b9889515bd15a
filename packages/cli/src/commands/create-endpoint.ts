import { createEndpoint, requireSetting, waitForInService } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { formatRows, note, printResult } from "../output.js";
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
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const input = {
      endpointName: settings.endpointName,
      endpointConfigName: settings.endpointConfigName,
      modelName: settings.modelName,
      role: requireSetting(settings, "role"),
      imageUri: requireSetting(settings, "imageUri"),
      modelDataUrl: requireSetting(settings, "modelDataUrl"),
      instanceType: settings.instanceType,
      instanceCount: settings.instanceCount,
      variantName: settings.variantName,
      modelCacheSetting: settings.modelCacheSetting,
    };
    const pollIntervalMs = positiveNumber(args["poll-interval"], "--poll-interval") * 1000;
    const created = await createEndpoint(clients.sagemaker, input);
    note(
      `created model ${input.modelName}, endpoint config ${input.endpointConfigName}, endpoint ${input.endpointName}`,
    );
    let status = "Creating";
    if (args.wait) {
      const line = statusLine(input.endpointName);
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
    printResult(json, { ...input, ...created, status }, () =>
      formatRows([
        ["endpoint", `${input.endpointName} (${status})`],
        ["arn", created.endpointArn],
        ["models prefix", input.modelDataUrl],
      ]),
    );
  },
});

/** One line rewritten in place on a terminal; a line per status change otherwise. */
function statusLine(endpointName: string) {
  const { stderr } = cliIo();
  let last = "";
  return {
    update(status: string, elapsedMs: number) {
      const text = `endpoint ${endpointName}: ${status} (${Math.round(elapsedMs / 1000)} s)`;
      if (stderr.isTTY) stderr.write(`\r\x1b[2K${text}`);
      else if (status !== last) stderr.write(`${text}\n`);
      last = status;
    },
    done() {
      if (stderr.isTTY && last) stderr.write("\n");
    },
  };
}
