import { resolve } from "node:path";
import { preprocessImage, randomImage, type Tensor, topK } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs, targetArg } from "../global-args.js";
import { decodeImageFile } from "../images/decode-image.js";
import { cliIo } from "../io.js";
import { formatRows, printResult } from "../output.js";
import { callKServeModel } from "./kserve-call.js";

export const callModelImageCommand = defineCommand({
  meta: {
    name: "call-model-image",
    description: "classify an image (or a random one): INPUT__0 [1,3,224,224] → top-5 of OUTPUT__0",
  },
  args: {
    ...globalArgs,
    target: targetArg,
    image: { type: "string", description: "PNG or JPEG file; default a random image" },
    seed: { type: "string", default: "0", description: "seed of the random image" },
    binary: { type: "boolean", description: "send and receive tensors with the binary extension" },
    top: { type: "string", default: "5", description: "how many classes to print" },
  },
  async run({ args }) {
    const ctx = await commandContext(args);
    const pixels = args.image
      ? await decodeImageFile(resolve(cliIo().cwd, args.image))
      : randomImage(Number(args.seed) || 0);
    const input: Tensor = {
      name: "INPUT__0",
      datatype: "FP32",
      shape: [1, 3, 224, 224],
      data: preprocessImage(pixels),
    };
    const response = await callKServeModel(ctx, {
      targetModel: args.target,
      inputs: [input],
      binary: Boolean(args.binary),
    });
    const scores = response.outputs.find((t) => t.name === "OUTPUT__0") ?? response.outputs[0];
    if (!scores || Array.isArray(scores.data))
      throw new Error("the response holds no numeric OUTPUT__0 tensor");
    const top = topK(Array.from(scores.data as ArrayLike<number | bigint>, Number), Number(args.top) || 5);
    printResult(ctx.json, { targetModel: args.target, output: scores.name, top }, () =>
      formatRows(top.map((c) => [`class ${c.index}`, c.score.toFixed(4)])),
    );
  },
});
