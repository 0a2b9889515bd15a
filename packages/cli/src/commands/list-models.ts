import { listModels, requireSetting } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";

export const listModelsCommand = defineCommand({
  meta: { name: "list-models", description: "model tarballs under the models prefix, with size and date" },
  args: { ...globalArgs },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const modelDataUrl = requireSetting(settings, "modelDataUrl");
    const models = await listModels(clients.s3, { modelDataUrl });
    printResult(json, models, () => {
      if (models.length === 0) return `no models under ${modelDataUrl}`;
      const width = Math.max(...models.map((m) => String(m.size).length));
      return models
        .map(
          (m) =>
            `${(m.lastModified ?? "").replace("T", " ").slice(0, 19)}  ${String(m.size).padStart(width)}  ${m.targetModel}`,
        )
        .join("\n");
    });
  },
});
