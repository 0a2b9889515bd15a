// InvokeEndpoint on an inference component: the component's router picks a copy (least outstanding
// requests, or random), the copy's warm model takes a lease, its container answers; a container's non-2xx
// is SageMaker's ModelError 424. Every outcome goes to ComponentActivity (the per-component metrics and
// autoscaling read it); a request that finds no copy is a NoCapacityInvocationFailure.
import { ModelError, SageMakerError } from "@mme/core";
import type { ContainerResponse } from "@mme/core/container";
import type { ComponentCopy } from "@mme/platform";
import { noCopies } from "../control-plane/inference-components/component-invocation.js";
import type { ServedComponent } from "../control-plane/inference-components/served-components.js";
import { componentLogStreamArn } from "../logs/log-names.js";
import type { ComponentActivity } from "../metrics/component-activity.js";
import type { AccountScope } from "../wire/arns.js";
import { ClientHungUp } from "../wire/client-hung-up.js";
import { unreachableContainer } from "./invoke-model.js";

export interface InvokeComponentDeps {
  scope: AccountScope;
  activity: ComponentActivity;
}

export async function invokeComponent(
  deps: InvokeComponentDeps,
  component: ServedComponent,
  body: Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<ContainerResponse> {
  const started = performance.now();
  const { copies, ref } = component;
  const copyCount = copies.copyCount;
  const copy = copies.route();
  if (copy === undefined) throw noCopies(deps.activity, ref);
  let modelLatencyMs = 0;
  try {
    const acquired = copy.acquireWarm() ?? (await copy.acquire(signal));
    let response: ContainerResponse;
    try {
      const invokeStarted = performance.now();
      try {
        response = await copy.container.invoke(acquired.lease.containerModelName, body, headers);
      } catch (error) {
        if (error instanceof SageMakerError) throw error;
        response = unreachableContainer(error);
      }
      modelLatencyMs = performance.now() - invokeStarted;
    } finally {
      acquired.lease.release();
    }
    // The contract's 404: the container lost the model (it restarted); the next request reloads it.
    if (response.status === 404) copy.markLost();
    if (response.status < 200 || response.status > 299)
      throw modelError(deps.scope, component, copy, response);
    record(deps, component, copyCount, copy, "ok", started, modelLatencyMs);
    return response;
  } catch (error) {
    if (signal?.aborted) {
      throw new ClientHungUp("The client closed the connection before the answer.", { cause: error });
    }
    const status = error instanceof SageMakerError ? error.status : 500;
    record(deps, component, copyCount, copy, status < 500 ? "4xx" : "5xx", started, modelLatencyMs);
    throw error;
  } finally {
    copy.leave();
  }
}

function record(
  deps: InvokeComponentDeps,
  { ref }: ServedComponent,
  copyCount: number,
  copy: ComponentCopy,
  outcome: "ok" | "4xx" | "5xx",
  started: number,
  modelLatencyMs: number,
): void {
  deps.activity.invoked({
    endpointName: ref.endpointName,
    variantName: ref.variantName,
    componentName: ref.componentName,
    copyCount,
    copyId: copy.copyId,
    outcome,
    modelLatencyMs,
    overheadLatencyMs: Math.max(0, performance.now() - started - modelLatencyMs),
  });
}

/** The container's non-2xx answer, naming the log stream of the copy that gave it. */
function modelError(
  scope: AccountScope,
  { ref }: ServedComponent,
  copy: ComponentCopy,
  response: ContainerResponse,
): ModelError {
  const original = Buffer.from(response.body).toString("utf8");
  const kind = response.status >= 500 || response.status === 0 ? "server" : "client";
  const logs = `https://${scope.region}.console.aws.amazon.com/cloudwatch/home?region=${scope.region}#logEventViewer:group=/aws/sagemaker/InferenceComponents/${ref.componentName}`;
  return new ModelError(
    `Received ${kind} error (${response.status}) from primary with message "${original}". See ${logs} in account ${scope.accountId} for more information.`,
    response.status,
    original,
    componentLogStreamArn(scope, ref.componentName, copy.instanceId, copy.copyId),
  );
}
