import { describeInferenceComponent, type InferenceComponentDescription } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { formatRows, printResult } from "../output.js";

export const icDescribeCommand = defineCommand({
  meta: { name: "describe", description: "one inference component: status, copies, model and compute" },
  args: {
    ...globalArgs,
    name: { type: "positional", required: true, description: "the inference component" },
  },
  async run({ args }) {
    const { clients, json } = await commandContext(args);
    const component = await describeInferenceComponent(clients.sagemaker, args.name);
    printResult(json, component, () => componentRows(component));
  },
});

/** The human form of a component, for describe, create and scale. */
export function componentRows(c: InferenceComponentDescription): string {
  return formatRows([
    ["inference component", `${c.name} (${c.status})`],
    ["arn", c.arn],
    ["endpoint", c.variantName ? `${c.endpointName} / ${c.variantName}` : c.endpointName],
    ["model", c.modelName],
    ["copies", copies(c)],
    ["per copy", perCopy(c)],
    ["failure", c.failureReason],
  ]);
}

export function copies(c: InferenceComponentDescription): string {
  return c.currentCopies === c.desiredCopies
    ? `${c.currentCopies ?? "-"}`
    : `${c.currentCopies ?? 0} of ${c.desiredCopies ?? "-"}`;
}

function perCopy(c: InferenceComponentDescription): string {
  const parts = [
    c.cpus === undefined ? undefined : `${c.cpus} CPU cores`,
    c.memoryMb === undefined ? undefined : `${c.memoryMb} MB memory`,
    c.accelerators === undefined ? undefined : `${c.accelerators} accelerators`,
  ];
  return parts.filter((p) => p !== undefined).join(", ");
}
