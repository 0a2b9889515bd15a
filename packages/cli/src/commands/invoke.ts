import { type InferenceRequestJson, invokeModel, tensorFromJson, tensorToJson, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs, targetArg } from "../global-args.js";
import { cliIo } from "../io.js";
import { printResult } from "../output.js";
import { withInvokeHints } from "./invoke-hints.js";
import { callKServeModel, formatTensor } from "./kserve-call.js";
import { bodyForJson, readBodyFile } from "./read-body.js";

export const invokeCommand = defineCommand({
  meta: { name: "invoke", description: "send any body to a target model (InvokeEndpoint with TargetModel)" },
  args: {
    ...globalArgs,
    target: targetArg,
    body: {
      type: "string",
      description: "file holding the request body (with --binary: a KServe v2 JSON request)",
    },
    "content-type": { type: "string", default: "application/json", description: "request Content-Type" },
    accept: { type: "string", description: "Accept header" },
    "custom-attributes": { type: "string", description: "X-Amzn-SageMaker-Custom-Attributes" },
    binary: {
      type: "boolean",
      description: "re-encode the KServe JSON body with the binary tensor extension",
    },
  },
  async run({ args }) {
    const ctx = await commandContext(args);
    const body = await readBodyFile(args.body);
    if (args.binary) {
      let request: InferenceRequestJson;
      try {
        request = JSON.parse(new TextDecoder().decode(body)) as InferenceRequestJson;
      } catch (error) {
        throw new UsageError(
          `--body ${args.body}: not a KServe v2 JSON request (${(error as Error).message})`,
        );
      }
      const response = await callKServeModel(ctx, {
        targetModel: args.target,
        inputs: (request.inputs ?? []).map((t) => tensorFromJson(t, "input")),
        parameters: request.parameters,
        binary: true,
        customAttributes: args["custom-attributes"],
      });
      printResult(
        ctx.json,
        { modelName: response.modelName, outputs: response.outputs.map((t) => tensorToJson(t)) },
        () => response.outputs.map((t) => formatTensor(t)).join("\n"),
      );
      return;
    }
    const response = await withInvokeHints(ctx, args.target, () =>
      invokeModel(ctx.clients.runtime, {
        endpointName: ctx.settings.endpointName,
        targetModel: args.target,
        body,
        contentType: args["content-type"],
        accept: args.accept,
        customAttributes: args["custom-attributes"],
      }),
    );
    if (ctx.json) {
      const { body: responseBody, ...rest } = response;
      printResult(true, { ...rest, ...bodyForJson(responseBody) }, () => "");
    } else {
      cliIo().stdout.write(response.body);
      if (response.body.at(-1) !== 0x0a) cliIo().stdout.write("\n");
    }
  },
});
