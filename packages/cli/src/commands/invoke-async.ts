import { invokeAsync } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { note, printResult } from "../output.js";
import { positiveNumber } from "./parse-number.js";
import { bodyForJson, readBodyFile } from "./read-body.js";

export const invokeAsyncCommand = defineCommand({
  meta: {
    name: "invoke-async",
    description:
      "upload the input to S3, InvokeEndpointAsync (no TargetModel: AWS has none for async), poll for the result",
  },
  args: {
    ...globalArgs,
    body: { type: "string", description: "file holding the request body" },
    "content-type": { type: "string", default: "application/json", description: "request Content-Type" },
    accept: { type: "string", description: "Accept header" },
    "custom-attributes": { type: "string", description: "X-Amzn-SageMaker-Custom-Attributes" },
    "input-location": {
      type: "string",
      description: "s3:// URI for the input (default s3://<bucket>/mme-async-inputs/<uuid>)",
    },
    "poll-interval": { type: "string", default: "2", description: "seconds between output polls" },
    timeout: { type: "string", default: "900", description: "seconds to wait for the output" },
  },
  async run({ args }) {
    const ctx = await commandContext(args);
    const result = await invokeAsync(ctx.clients.runtime, ctx.clients.s3, {
      endpointName: ctx.settings.endpointName,
      body: await readBodyFile(args.body),
      inputLocation: args["input-location"],
      bucketName: ctx.settings.bucketName,
      contentType: args["content-type"],
      accept: args.accept,
      customAttributes: args["custom-attributes"],
      pollIntervalMs: positiveNumber(args["poll-interval"], "--poll-interval") * 1000,
      timeoutMs: positiveNumber(args.timeout, "--timeout") * 1000,
      onProgress: ({ phase, elapsedMs }) => note(`${phase} (${(elapsedMs / 1000).toFixed(1)} s)`),
    });
    if (ctx.json) {
      const { body, ...rest } = result;
      printResult(true, { ...rest, ...bodyForJson(body) }, () => "");
    } else {
      note(`output ${result.outputLocation}`);
      cliIo().stdout.write(result.body);
      if (result.body.at(-1) !== 0x0a) cliIo().stdout.write("\n");
    }
  },
});
