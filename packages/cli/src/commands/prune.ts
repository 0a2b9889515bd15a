import { executePrune, listModels, type PrunePlan, planPrune, requireSetting, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { note, printResult } from "../output.js";

export const pruneCommand = defineCommand({
  meta: {
    name: "prune",
    description: "delete all but the newest --keep versions of each model family under the models prefix",
  },
  args: {
    ...globalArgs,
    family: { type: "positional", required: false, description: "only this family (default: every family)" },
    keep: { type: "string", required: true, description: "versions to keep per family (at least 1)" },
    "dry-run": { type: "boolean", description: "only list what would be deleted" },
  },
  async run({ args }) {
    const keep = Number(args.keep);
    if (!Number.isInteger(keep) || keep < 1)
      throw new UsageError(`--keep must be a whole number of at least 1, got "${args.keep}"`);
    const { settings, clients, json } = await commandContext(args);
    const modelDataUrl = requireSetting(settings, "modelDataUrl");
    const models = await listModels(clients.s3, { modelDataUrl });
    const plan = planPrune(models, { modelDataUrl, keep, ...(args.family ? { family: args.family } : {}) });
    const lines = plan.removed.map((m) => `  ${m.uri} (${m.size} bytes)`);
    if (lines.length === 0 || args["dry-run"]) {
      printResult(json, { dryRun: Boolean(args["dry-run"]), ...planJson(plan) }, () =>
        lines.length === 0
          ? `nothing to prune: no family under ${modelDataUrl} has more than ${keep} version(s)`
          : `would delete:\n${lines.join("\n")}`,
      );
      return;
    }
    if (!args.yes) {
      const io = cliIo();
      if (!io.interactive)
        throw new UsageError(
          "prune deletes model tarballs: pass --yes (or --dry-run) when not on a terminal",
        );
      note(`will delete:\n${lines.join("\n")}`);
      if (!(await io.confirm(`delete these ${lines.length} tarball(s)?`))) {
        note("nothing deleted");
        return;
      }
    }
    const deleted = await executePrune(clients.s3, plan);
    printResult(json, { dryRun: false, ...planJson(plan), deleted }, () =>
      deleted.map((uri) => `deleted  ${uri}`).join("\n"),
    );
  },
});

function planJson(plan: PrunePlan) {
  return {
    keep: plan.keep,
    families: plan.families.map((f) => ({
      family: f.family,
      kept: f.kept.map((v) => v.targetModel),
      removed: f.removed.map((v) => v.targetModel),
    })),
    removed: plan.removed.map((m) => m.uri),
  };
}
