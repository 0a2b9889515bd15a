import { type AddModelOutput, addModel, addNextVersion, requireSetting, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { SingleBar } from "cli-progress";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { note, printResult } from "../output.js";

export const addModelCommand = defineCommand({
  meta: {
    name: "add-model",
    description: "validate a Triton model dir, pack it as <tarball> and upload it under the models prefix",
  },
  args: {
    ...globalArgs,
    dir: {
      type: "positional",
      required: true,
      description: "Triton model directory (config.pbtxt + version folders)",
    },
    tarball: {
      type: "positional",
      required: true,
      description:
        "key under the models prefix, ending in .tar.gz (the TargetModel); with --next-version, the family (name, or name/ for name/<N>.tar.gz)",
    },
    "next-version": {
      type: "boolean",
      description:
        "upload as the family's next free version (name_v<N>.tar.gz or name/<N>.tar.gz), never overwriting",
    },
    force: {
      type: "boolean",
      description: "overwrite an existing key (an endpoint may keep serving its cached copy)",
    },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const bar = progressBar();
    try {
      const modelDataUrl = requireSetting(settings, "modelDataUrl");
      if (args["next-version"] && args.force)
        throw new UsageError("--next-version never overwrites: drop --force");
      const result: AddModelOutput = args["next-version"]
        ? await addNextVersion(clients.s3, {
            dir: args.dir,
            family: args.tarball,
            modelDataUrl,
            onProgress: bar.update,
          })
        : await addModel(clients.s3, {
            dir: args.dir,
            tarballName: args.tarball,
            modelDataUrl,
            force: Boolean(args.force),
            onProgress: bar.update,
          });
      bar.stop();
      if (result.unchanged) note(`${result.uri} already holds exactly this model; nothing uploaded`);
      if (result.overwritten)
        note(`overwrote ${result.uri}; endpoints that cached it may serve the old model until unloaded`);
      printResult(json, result, () => result.uri);
    } finally {
      bar.stop();
    }
  },
});

/** A cli-progress bar on a terminal's stderr; nothing otherwise. */
function progressBar() {
  const { stderr } = cliIo();
  let bar: SingleBar | undefined;
  return {
    update({ loaded, total }: { loaded: number; total: number }) {
      if (!stderr.isTTY) return;
      if (!bar) {
        bar = new SingleBar({
          stream: stderr as NodeJS.WritableStream,
          format: "uploading [{bar}] {percentage}% | {value}/{total} bytes",
          hideCursor: true,
        });
        bar.start(total, 0);
      }
      bar.setTotal(total);
      bar.update(loaded);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
