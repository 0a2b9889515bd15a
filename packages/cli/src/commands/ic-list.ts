import { listInferenceComponents } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";
import { copies } from "./ic-describe.js";

export const icListCommand = defineCommand({
  meta: { name: "list", description: "the endpoint's inference components with their status and copies" },
  args: {
    ...globalArgs,
    all: { type: "boolean", description: "every endpoint's components, not just --endpoint-name's" },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const components = await listInferenceComponents(
      clients.sagemaker,
      args.all ? {} : { endpointName: settings.endpointName },
    );
    printResult(json, components, () => {
      if (components.length === 0) {
        return args.all ? "no inference components" : `no inference components on ${settings.endpointName}`;
      }
      const rows = [
        ["NAME", "STATUS", "COPIES", "MODEL", ...(args.all ? ["ENDPOINT"] : [])],
        ...components.map((c) => [
          c.name,
          c.status,
          copies(c),
          c.modelName ?? "",
          ...(args.all ? [c.endpointName] : []),
        ]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
      return rows
        .map((row) =>
          row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join("  ")
            .trimEnd(),
        )
        .join("\n");
    });
  },
});
