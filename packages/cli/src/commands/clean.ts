import { type CleanPlan, executeClean, planClean, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { note, printResult } from "../output.js";

export const cleanCommand = defineCommand({
  meta: {
    name: "clean",
    description:
      "delete this project's endpoint, config, model and (--models) the objects under the models prefix",
  },
  args: {
    ...globalArgs,
    models: { type: "boolean", description: "also delete every object under the models prefix" },
    "dry-run": { type: "boolean", description: "only list what would be deleted" },
  },
  async run({ args }) {
    const ctx = await commandContext(args);
    const { settings, clients, json } = ctx;
    const plan = await planClean(clients, {
      endpointName: settings.endpointName,
      endpointConfigName: settings.endpointConfigName,
      modelName: settings.modelName,
      modelDataUrl: settings.modelDataUrl,
      includeModels: Boolean(args.models),
    });
    const items = planLines(plan);
    if (items.length === 0 || args["dry-run"]) {
      printResult(json, { dryRun: Boolean(args["dry-run"]), plan: planJson(plan) }, () =>
        items.length === 0 ? "nothing to delete" : `would delete:\n${items.join("\n")}`,
      );
      return;
    }
    if (!args.yes) {
      const io = cliIo();
      if (!io.interactive)
        throw new UsageError("clean deletes resources: pass --yes (or --dry-run) when not on a terminal");
      note(`will delete:\n${items.join("\n")}`);
      if (!(await io.confirm(`delete these ${items.length} item(s)?`))) {
        note("nothing deleted");
        return;
      }
    }
    const result = await executeClean(clients, plan);
    printResult(json, result, () =>
      [
        ...result.deletedResources.map((r) => `deleted  ${r.kind} ${r.name}`),
        ...result.deletedObjects.map((uri) => `deleted  ${uri}`),
      ].join("\n"),
    );
  },
});

function planLines(plan: CleanPlan): string[] {
  return [
    ...plan.resources.map((r) => `  ${r.kind} ${r.name}`),
    ...(plan.objects?.items ?? []).map((o) => `  ${o.uri} (${o.size} bytes)`),
  ];
}

function planJson(plan: CleanPlan) {
  return { resources: plan.resources, objects: (plan.objects?.items ?? []).map((o) => o.uri) };
}
