// POST /endpoints/{name}/invocations — SageMaker Runtime InvokeEndpoint (rest-json), on the runtime plane.
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { coldTrace } from "@mme/core/cold-trace";
import type { ContainerResponse } from "@mme/core/container";
import { authorizeInvoke } from "../auth/authorize.js";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { INFERENCE_COMPONENT_HEADER } from "../control-plane/inference-components/component-invocation.js";
import { type ComponentActivity, NO_COMPONENT_ACTIVITY } from "../metrics/component-activity.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import { ClientHungUp } from "../wire/client-hung-up.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";
import { checkAsciiHeader, checkPrintableHeader } from "../wire/validation.js";
import { invokeComponent } from "./invoke-component.js";
import { CUSTOM_ATTRIBUTES_HEADER, invokeModel, TARGET_MODEL_HEADER } from "./invoke-model.js";
import type { RuntimeRequest } from "./runtime-request.js";
import { servingComponent, servingEndpoint, TARGET_VARIANT_HEADER } from "./serving-endpoint.js";

/** Emulator extension, not in SageMaker: whether the answer's model was loaded or this request waited for a load. */
export const MODEL_CACHE_HEADER = "x-mme-emulator-model-cache";

export interface RuntimeRouteDeps {
  plane: ControlPlane;
  metrics: EmulatorMetrics;
  /** Told of every inference-component invocation (per-component metrics, autoscaling). */
  componentActivity?: ComponentActivity;
}

export async function invokeEndpoint(deps: RuntimeRouteDeps, request: RuntimeRequest): Promise<void> {
  const { res } = request;
  const gone = clientGone(request.req.socket);
  try {
    const targetModel = request.header(TARGET_MODEL_HEADER);
    authorizeInvoke(request.caller, deps.plane.scope, "sagemaker:InvokeEndpoint", request.name, targetModel);
    const activity = deps.componentActivity ?? NO_COMPONENT_ACTIVITY;
    const component = servingComponent(
      deps.plane,
      activity,
      request.name,
      request.header(INFERENCE_COMPONENT_HEADER),
      targetModel,
    );
    if (component !== undefined) {
      const response = await invokeComponent(
        { scope: deps.plane.scope, activity },
        component,
        request.body,
        containerHeaders(request),
        gone,
      );
      answer(res, response, component.ref.variantName, true);
      return;
    }
    const endpoint = servingEndpoint(deps.plane, request.name, request.header(TARGET_VARIANT_HEADER));
    const invocation = {
      requestId: request.id,
      endpoint,
      targetModel,
      body: request.body,
      headers: containerHeaders(request),
      signal: gone,
      cacheHit: false,
    };
    const response = await invokeModel({ scope: deps.plane.scope, metrics: deps.metrics }, invocation);
    answer(res, response, endpoint.spec.variantName, invocation.cacheHit);
    if (!invocation.cacheHit) coldTrace?.end("answered");
  } catch (error) {
    if (error instanceof ClientHungUp || gone.aborted) {
      request.log.info({ endpoint: request.name }, "client hung up before the answer");
      res.destroy();
      return;
    }
    const wireError = toSageMakerError(error);
    if (wireError.status >= 500) request.log.error({ err: error }, "invocation failed");
    else request.log.info({ error: wireError.name, message: wireError.message }, "invocation rejected");
    sendError(res, wireError, "rest-json");
  }
}

/** InvokeEndpoint's answer: the container's body and content type, the variant that served it. */
function answer(
  res: ServerResponse,
  response: ContainerResponse,
  variantName: string,
  cacheHit: boolean,
): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", response.headers["content-type"] ?? "application/json");
  res.setHeader("x-Amzn-Invoked-Production-Variant", variantName);
  const attributes = response.headers[CUSTOM_ATTRIBUTES_HEADER];
  if (attributes !== undefined) res.setHeader("X-Amzn-SageMaker-Custom-Attributes", attributes);
  res.setHeader(MODEL_CACHE_HEADER, cacheHit ? "hit" : "miss");
  res.end(response.body);
}

const connectionSignals = new WeakMap<Socket, AbortSignal>();

/**
 * Aborts when the client's connection closes: a request waiting for its model then stops waiting. One per
 * connection, not per request (an AbortController and a close listener cost ~4 µs a request in the warm
 * profile); HTTP/1.1 cannot abandon a request without closing its connection, so it is the same signal.
 */
function clientGone(socket: Socket): AbortSignal {
  let signal = connectionSignals.get(socket);
  if (!signal) {
    const controller = new AbortController();
    socket.once("close", () => controller.abort());
    signal = controller.signal;
    connectionSignals.set(socket, signal);
  }
  return signal;
}

/** The request headers SageMaker passes to the container; it strips every other header. */
export function containerHeaders(request: RuntimeRequest): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": request.header("content-type") ?? "application/octet-stream",
  };
  const accept = request.header("accept");
  if (accept !== undefined) headers.accept = accept;
  forwardCustomAttributes(request, headers);
  const inferenceId = request.header("x-amzn-sagemaker-inference-id");
  if (inferenceId !== undefined) {
    checkPrintableHeader("inferenceId", inferenceId, 64);
    headers["x-amzn-sagemaker-inference-id"] = inferenceId;
  }
  return headers;
}

/** X-Amzn-SageMaker-Custom-Attributes, checked as SageMaker does, passed on to the container. */
export function forwardCustomAttributes(request: RuntimeRequest, headers: Record<string, string>): void {
  const attributes = request.header(CUSTOM_ATTRIBUTES_HEADER);
  if (attributes === undefined) return;
  checkAsciiHeader("customAttributes", attributes, 1024);
  headers[CUSTOM_ATTRIBUTES_HEADER] = attributes;
}
