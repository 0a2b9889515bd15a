import { deleteInferenceComponent } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";

export const icDeleteCommand = defineCommand({
  meta: { name: "delete", description: "delete an inference component (its SageMaker model stays)" },
  args: {
    ...globalArgs,
    name: { type: "positional", required: true, description: "the inference component" },
  },
  async run({ args }) {
    const { clients, json } = await commandContext(args);
    const deleted = await deleteInferenceComponent(clients.sagemaker, args.name);
    printResult(
      json,
      { name: args.name, deleted },
      () => `${deleted ? "deleted" : "not found"}  inference component ${args.name}`,
    );
  },
});
