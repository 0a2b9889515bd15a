import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type InferenceRequestJson, type Tensor, tensorFromJson, tensorToJson, UsageError } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs, targetArg } from "../global-args.js";
import { cliIo } from "../io.js";
import { printResult } from "../output.js";
import { callKServeModel, formatTensor } from "./kserve-call.js";

/** The canonical add_sub request: OUTPUT0 = [5,5,5,5], OUTPUT1 = [-3,-1,1,3]. */
export const ADD_SUB_INPUTS: Tensor[] = [
  { name: "INPUT0", datatype: "FP32", shape: [4], data: Float32Array.of(1, 2, 3, 4) },
  { name: "INPUT1", datatype: "FP32", shape: [4], data: Float32Array.of(4, 3, 2, 1) },
];

export const callModelCommand = defineCommand({
  meta: {
    name: "call-model",
    description:
      "invoke a model (TargetModel) or an inference component (--component) with a KServe v2 request (default: the add_sub vectors)",
  },
  args: {
    ...globalArgs,
    target: { ...targetArg, required: false },
    component: {
      type: "string",
      description:
        "the inference component to invoke (an endpoint made by `mme ic create`), instead of a TargetModel",
    },
    input: { type: "string", description: 'KServe v2 request JSON file ({"inputs":[…]})' },
    binary: { type: "boolean", description: "send and receive tensors with the binary extension" },
    "custom-attributes": { type: "string", description: "X-Amzn-SageMaker-Custom-Attributes" },
  },
  async run({ args }) {
    const target = invocationTarget(args.target, args.component);
    const ctx = await commandContext(args);
    const request = args.input ? await readRequest(args.input) : { inputs: ADD_SUB_INPUTS };
    const response = await callKServeModel(ctx, {
      ...target,
      inputs: request.inputs,
      parameters: request.parameters,
      binary: Boolean(args.binary),
      customAttributes: args["custom-attributes"],
    });
    printResult(
      ctx.json,
      {
        ...target,
        modelName: response.modelName,
        outputs: response.outputs.map((t) => tensorToJson(t)),
      },
      () => response.outputs.map((t) => formatTensor(t)).join("\n"),
    );
  },
});

/** A TargetModel (multi-model endpoint) or an inference component: one of them, not both. */
function invocationTarget(
  target: string | undefined,
  component: string | undefined,
): { targetModel: string } | { component: string } {
  if (target && component) {
    throw new UsageError(
      "give a TargetModel or --component, not both: an endpoint for inference components takes no TargetModel",
    );
  }
  if (component) return { component };
  if (target) return { targetModel: target };
  throw new UsageError(
    "missing the model to call: give a TargetModel (mme call-model add_sub_v0.tar.gz) or an inference component (mme call-model --component NAME)",
  );
}

async function readRequest(
  file: string,
): Promise<{ inputs: Tensor[]; parameters?: InferenceRequestJson["parameters"] }> {
  const path = resolve(cliIo().cwd, file);
  let json: InferenceRequestJson;
  try {
    json = JSON.parse(await readFile(path, "utf8")) as InferenceRequestJson;
  } catch (error) {
    throw new UsageError(`--input ${file}: ${(error as Error).message}`);
  }
  if (!json || !Array.isArray(json.inputs))
    throw new UsageError(`--input ${file} must be a KServe v2 request with "inputs": [...]`);
  return { inputs: json.inputs.map((t) => tensorFromJson(t, "input")), parameters: json.parameters };
}
