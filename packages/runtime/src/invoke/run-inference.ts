// POST /models/{name}/invoke for one loaded model: decode → validate → run → encode, answering in kind.
import type { ContainerResponse } from "@mme/core/container";
import {
  decodeInferenceRequest,
  encodeInferenceResponse,
  KServeCodecError,
  kserveErrorBody,
  responseModeFor,
} from "@mme/core/kserve";
import type { TritonModelConfig } from "@mme/core/triton";
import type { ModelBackend } from "../backends/model-backend.js";
import { isRuntimeError, messageOf } from "../errors.js";
import { validateRequest } from "./validate-request.js";

export function errorResponse(status: number, message: string): ContainerResponse {
  return { status, headers: { "content-type": "application/json" }, body: kserveErrorBody(message) };
}

export function statusOf(error: unknown): number {
  if (isRuntimeError(error)) return error.status;
  if (error instanceof KServeCodecError) return 400;
  return 500;
}

export interface InferenceTarget {
  modelName: string;
  version: string;
  config: TritonModelConfig;
  backend: ModelBackend;
}

/** An invoke's answer; a failure says whether the request was refused or the model failed running it. */
export interface InferenceReply extends ContainerResponse {
  failedIn?: "request" | "execution";
}

export async function runInference(
  target: InferenceTarget,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<InferenceReply> {
  let stage: "request" | "execution" = "request";
  try {
    const contentType = headers["content-type"];
    const request = decodeInferenceRequest(body, {
      contentType,
      inferenceHeaderContentLength: headers["inference-header-content-length"],
    });
    const outputNames = validateRequest(target.modelName, target.config, request);
    stage = "execution";
    const outputs = await target.backend.infer(request.inputs, outputNames);
    const encoded = encodeInferenceResponse(
      { modelName: target.modelName, modelVersion: target.version, id: request.id, outputs },
      responseModeFor(request, contentType),
    );
    return {
      status: 200,
      headers: { ...encoded.headers, "content-type": encoded.contentType },
      body: encoded.body,
    };
  } catch (error) {
    return { ...errorResponse(statusOf(error), messageOf(error)), failedIn: stage };
  }
}
