// The platform's invocation path, shared by InvokeEndpoint and InvokeEndpointAsync: target model →
// lease from the cache → container invoke → release; container non-2xx becomes ModelError 424.
import {
  ModelError,
  parseS3Url,
  type S3Location,
  SageMakerError,
  SettingsError,
  ValidationError,
} from "@mme/core";
import { coldTrace } from "@mme/core/cold-trace";
import type { ContainerResponse } from "@mme/core/container";
import type { AcquireResult, AcquireTimings, ModelRef } from "@mme/platform";
import { logStreamArn } from "../logs/log-names.js";
import type { EmulatorMetrics, InvocationLabels } from "../metrics/metrics.js";
import type { AccountScope } from "../wire/arns.js";
import { ClientHungUp } from "../wire/client-hung-up.js";
import { checkPrintableHeader } from "../wire/validation.js";
import type { ServingEndpoint } from "./serving-endpoint.js";

export const TARGET_MODEL_HEADER = "x-amzn-sagemaker-target-model";
export const CUSTOM_ATTRIBUTES_HEADER = "x-amzn-sagemaker-custom-attributes";

export interface InvokeModelInput {
  requestId: string;
  endpoint: ServingEndpoint;
  targetModel: string | undefined;
  body: Uint8Array;
  /** Lower-cased headers for the container: content-type, accept, custom attributes, inference id. */
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Set here once the model is leased: false when this request waited for a load (ModelCacheHit's 0). */
  cacheHit?: boolean;
}

export interface InvokeModelDeps {
  scope: AccountScope;
  metrics: EmulatorMetrics;
}

export async function invokeModel(
  deps: InvokeModelDeps,
  input: InvokeModelInput,
): Promise<ContainerResponse> {
  const started = performance.now();
  const { spec, fleet } = input.endpoint;
  let labels: InvocationLabels = deps.metrics.endpointLabels(spec);
  let timings: AcquireTimings | undefined;
  let modelLatencyMicros: number | undefined;
  let instanceId: string | undefined;
  try {
    const ref = modelRef(input);
    if (spec.mode === "MultiModel") labels = deps.metrics.modelLabels(ref, spec.variantName);
    // The variant's router picks the instance (fleet/routing-policy.ts); the rest happens on that instance.
    const instance = fleet.route(ref);
    instanceId = instance.id;
    const acquired = instance.acquireWarm(ref) ?? (await acquireCold(instance, ref, started, input.signal));
    timings = acquired.timings;
    input.cacheHit = timings.cacheHit;
    const headers = input.headers;
    if (spec.mode === "MultiModel") headers[TARGET_MODEL_HEADER] = ref.targetModel;
    const invokeStarted = performance.now();
    let response: ContainerResponse;
    try {
      try {
        response = await instance.container.invoke(acquired.lease.containerModelName, input.body, headers);
      } catch (error) {
        if (error instanceof SageMakerError) throw error;
        response = unreachableContainer(error);
      }
      modelLatencyMicros = micros(performance.now() - invokeStarted);
      if (!timings.cacheHit) coldTrace?.mark("inferred");
      // The contract's 404 means the container lost the model (it restarted): reload on the next request.
      if (response.status === 404) instance.markLost(ref);
      if (response.status < 200 || response.status > 299)
        throw modelError(deps.scope, spec, instanceId, response);
    } finally {
      acquired.lease.release();
    }
    deps.metrics.recordSuccess(labels, micros(performance.now() - started), modelLatencyMicros, timings);
    if (!timings.cacheHit) coldTrace?.mark("recorded");
    return response;
  } catch (error) {
    if (input.signal?.aborted) {
      // Nothing was sent: the client left. Counted as an invocation, not as a 4xx or 5xx.
      record(deps, labels, 0, started, modelLatencyMicros, timings, false, { clientHungUp: true });
      throw new ClientHungUp("The client closed the connection before the answer.", { cause: error });
    }
    const status = error instanceof SageMakerError ? error.status : 500;
    record(deps, labels, status, started, modelLatencyMicros, timings, error instanceof ModelError, {
      error,
      requestId: input.requestId,
      ...(instanceId === undefined ? {} : { instanceId }),
    });
    throw error;
  }
}

/** A miss: the model must load (or is loading) first. Starts the cold timeline when MME_TRACE_COLD is set. */
function acquireCold(
  instance: ReturnType<ServingEndpoint["fleet"]["route"]>,
  ref: ModelRef,
  started: number,
  signal: AbortSignal | undefined,
): Promise<AcquireResult> {
  coldTrace?.begin(started);
  coldTrace?.mark("routed");
  return instance.acquire(ref, signal ? { signal } : {});
}

function modelRef(input: InvokeModelInput): ModelRef {
  const { spec, fleet } = input.endpoint;
  if (spec.mode === "SingleModel") {
    if (input.targetModel !== undefined) {
      throw new ValidationError(
        `Endpoint ${spec.endpointName} is not a multi-model endpoint and does not support target model header.`,
      );
    }
    const { bucket, key } = requestS3Location(spec.modelDataUrl);
    return { endpointName: spec.endpointName, targetModel: key.split("/").pop() ?? key, bucket, key };
  }
  if (input.targetModel === undefined) {
    throw new ValidationError(`Request ${input.requestId} is missing a target model header`);
  }
  checkPrintableHeader("targetModel", input.targetModel, 1024);
  return fleet.refFor(input.targetModel);
}

/** The container's non-2xx answer, naming the log stream of the instance that gave it. */
function modelError(
  scope: AccountScope,
  { endpointName, variantName }: ServingEndpoint["spec"],
  instanceId: string,
  response: ContainerResponse,
): ModelError {
  const original = Buffer.from(response.body).toString("utf8");
  const kind = response.status >= 500 || response.status === 0 ? "server" : "client";
  const logs = `https://${scope.region}.console.aws.amazon.com/cloudwatch/home?region=${scope.region}#logEventViewer:group=/aws/sagemaker/Endpoints/${endpointName}`;
  return new ModelError(
    `Received ${kind} error (${response.status}) from primary with message "${original}". See ${logs} in account ${scope.accountId} for more information.`,
    response.status,
    original,
    logStreamArn(scope, endpointName, variantName, instanceId),
  );
}

/** A container that can't be reached answers like SageMaker's timed-out container: status 0. */
export function unreachableContainer(error: unknown): ContainerResponse {
  const message = `The container did not answer: ${(error as Error).message ?? String(error)}`;
  return { status: 0, headers: {}, body: Buffer.from(message) };
}

function record(
  deps: InvokeModelDeps,
  labels: InvocationLabels,
  status: number,
  started: number,
  modelLatencyMicros: number | undefined,
  timings: AcquireTimings | undefined,
  modelError = false,
  outcome: { clientHungUp?: boolean; error?: unknown; requestId?: string; instanceId?: string } = {},
): void {
  const total = micros(performance.now() - started);
  deps.metrics.recordInvocation(labels, {
    status,
    modelError,
    ...(modelLatencyMicros === undefined ? {} : { modelLatencyMicros }),
    overheadMicros: Math.max(0, total - (modelLatencyMicros ?? 0)),
    ...(timings === undefined ? {} : { cacheHit: timings.cacheHit, waitMicros: timings.waitMicros }),
    ...outcome,
  });
}

function micros(ms: number): number {
  return Math.round(ms * 1000);
}

/** An s3:// URL from a request or an endpoint's settings; a bad one is the caller's ValidationError. */
export function requestS3Location(url: string): S3Location {
  try {
    return parseS3Url(url);
  } catch (error) {
    if (error instanceof SettingsError) throw new ValidationError(error.message);
    throw error;
  }
}
