import { groupModelVersions, listModels, type ModelObject, requireSetting } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";

export const listModelsCommand = defineCommand({
  meta: { name: "list-models", description: "model tarballs under the models prefix, with size and date" },
  args: {
    ...globalArgs,
    versions: {
      type: "boolean",
      description: "group by family (name_v<N>.tar.gz, name/<N>.tar.gz), newest version first",
    },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const modelDataUrl = requireSetting(settings, "modelDataUrl");
    const models = await listModels(clients.s3, { modelDataUrl });
    if (args.versions) {
      const listing = groupModelVersions(models);
      printResult(json, listing, () => {
        if (models.length === 0) return `no models under ${modelDataUrl}`;
        const width = sizeWidth(models);
        const sections = listing.families.map(
          (f) =>
            `${f.family} (${f.versions.length} version${f.versions.length === 1 ? "" : "s"})\n` +
            f.versions.map((v) => `  v${v.version}  ${row(v, width)}`).join("\n"),
        );
        if (listing.unversioned.length > 0)
          sections.push(`unversioned\n${listing.unversioned.map((m) => `  ${row(m, width)}`).join("\n")}`);
        return sections.join("\n");
      });
      return;
    }
    printResult(json, models, () => {
      if (models.length === 0) return `no models under ${modelDataUrl}`;
      const width = sizeWidth(models);
      return models.map((m) => row(m, width)).join("\n");
    });
  },
});

function sizeWidth(models: readonly ModelObject[]): number {
  return Math.max(...models.map((m) => String(m.size).length));
}

function row(m: ModelObject, width: number): string {
  return `${(m.lastModified ?? "").replace("T", " ").slice(0, 19)}  ${String(m.size).padStart(width)}  ${m.targetModel}`;
}
