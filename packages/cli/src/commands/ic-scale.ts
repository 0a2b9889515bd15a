import { describeInferenceComponent, scaleInferenceComponent } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { note, printResult } from "../output.js";
import { wholeNumber } from "./autoscale-args.js";
import { componentRows } from "./ic-describe.js";
import { waitArgs, waitWithProgress } from "./ic-wait.js";
import { positiveNumber } from "./parse-number.js";

export const icScaleCommand = defineCommand({
  meta: {
    name: "scale",
    description:
      "set an inference component's copy count (0 frees its compute; UpdateInferenceComponentRuntimeConfig)",
  },
  args: {
    ...globalArgs,
    name: { type: "positional", required: true, description: "the inference component" },
    copies: { type: "string", required: true, description: "the copy count, 0 or more" },
    ...waitArgs,
  },
  async run({ args }) {
    const copies = wholeNumber(args.copies, "--copies", 0);
    const pollIntervalMs = positiveNumber(args["poll-interval"], "--poll-interval") * 1000;
    const { clients, json } = await commandContext(args);
    await scaleInferenceComponent(clients.sagemaker, args.name, copies);
    note(`scaling inference component ${args.name} to ${copies} copies`);
    const component = args.wait
      ? await waitWithProgress(clients, args.name, pollIntervalMs)
      : await describeInferenceComponent(clients.sagemaker, args.name);
    printResult(json, component, () => componentRows(component));
  },
});
