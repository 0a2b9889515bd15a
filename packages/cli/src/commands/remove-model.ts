import { removeModel, requireSetting } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { printResult } from "../output.js";

export const removeModelCommand = defineCommand({
  meta: { name: "remove-model", description: "delete one tarball under the models prefix" },
  args: {
    ...globalArgs,
    tarball: {
      type: "positional",
      required: true,
      description: "key under the models prefix, e.g. add_sub_v1.tar.gz",
    },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const removed = await removeModel(clients.s3, {
      modelDataUrl: requireSetting(settings, "modelDataUrl"),
      tarballName: args.tarball,
    });
    printResult(json, { removed: removed.uri }, () => `removed ${removed.uri}`);
  },
});
