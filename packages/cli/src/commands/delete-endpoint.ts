import { deleteEndpoint } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";

export const deleteEndpointCommand = defineCommand({
  meta: {
    name: "delete-endpoint",
    description: "delete the endpoint, its config and its model (the configured names only)",
  },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const result = await deleteEndpoint(clients.sagemaker, {
      endpointName: settings.endpointName,
      endpointConfigName: settings.endpointConfigName,
      modelName: settings.modelName,
    });
    printResult(json, result, () =>
      result.resources.map((r) => `${r.deleted ? "deleted" : "not found"}  ${r.kind} ${r.name}`).join("\n"),
    );
  },
});
