import {
  type DecodedInferenceResponse,
  decodeInferenceResponse,
  encodeInferenceRequest,
  invokeModel,
  type Tensor,
  type TensorParameters,
} from "@mme/core";
import type { CommandContext } from "../global-args.js";
import { withInvokeHints } from "./invoke-hints.js";

export interface KServeCallInput {
  /** The multi-model endpoint's TargetModel, or else… */
  targetModel?: string;
  /** …the inference component to invoke. */
  component?: string;
  inputs: Tensor[];
  parameters?: TensorParameters;
  /** Send tensors with the binary extension (SageMaker's binary+json content type) and ask for binary outputs. */
  binary: boolean;
  customAttributes?: string;
}

/** Encodes a KServe v2 request, invokes the target model or component, decodes the response (JSON or binary). */
export async function callKServeModel(
  ctx: CommandContext,
  input: KServeCallInput,
): Promise<DecodedInferenceResponse> {
  const encoded = encodeInferenceRequest(
    {
      inputs: input.inputs,
      parameters: { ...input.parameters, ...(input.binary ? { binary_data_output: true } : {}) },
    },
    { binary: input.binary, sagemaker: true },
  );
  const response = await withInvokeHints(ctx, input.targetModel ?? "", () =>
    invokeModel(ctx.clients.runtime, {
      endpointName: ctx.settings.endpointName,
      targetModel: input.targetModel,
      inferenceComponentName: input.component,
      body: encoded.body,
      contentType: encoded.contentType,
      accept: "application/json",
      customAttributes: input.customAttributes,
    }),
  );
  return decodeInferenceResponse(response.body, { contentType: response.contentType });
}

/** "OUTPUT0 FP32 [4]: 5 5 5 5" (long tensors shortened). */
export function formatTensor(t: Tensor, limit = 16): string {
  const values = tensorValues(t);
  const shown = values.slice(0, limit).map(String).join(" ");
  const more = values.length > limit ? ` … (${values.length} values)` : "";
  return `${t.name} ${t.datatype} [${t.shape.join(",")}]: ${shown}${more}`;
}

export function tensorValues(t: Tensor): (number | string)[] {
  if (Array.isArray(t.data)) return t.data.map((b) => new TextDecoder().decode(b));
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => (typeof v === "bigint" ? v.toString() : v));
}
