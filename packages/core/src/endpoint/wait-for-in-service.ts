import { DescribeEndpointCommand, type SageMakerClient } from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call-aws.js";
import { EndpointFailedError, WaitTimeoutError } from "./endpoint-errors.js";

export interface WaitForInServiceInput {
  endpointName: string;
  /** Called on every poll with the current status and how long the wait has lasted. */
  onStatus?: (status: string, elapsedMs: number) => void;
  /** Default 15 s: endpoint creation takes minutes on AWS. */
  pollIntervalMs?: number;
  /** Default 30 min. */
  timeoutMs?: number;
}

export interface WaitForInServiceOutput {
  status: "InService";
  elapsedMs: number;
}

/** Polls DescribeEndpoint until InService; Failed (or OutOfService) throws with the FailureReason. */
export async function waitForInService(
  sagemaker: SageMakerClient,
  input: WaitForInServiceInput,
): Promise<WaitForInServiceOutput> {
  const { endpointName, onStatus, pollIntervalMs = 15_000, timeoutMs = 30 * 60_000 } = input;
  const start = Date.now();
  for (;;) {
    const endpoint = await callAws(sagemaker, "DescribeEndpoint", () =>
      sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
    );
    const status = endpoint.EndpointStatus ?? "Unknown";
    const elapsedMs = Date.now() - start;
    onStatus?.(status, elapsedMs);
    if (status === "InService") return { status, elapsedMs };
    if (status === "Failed" || status === "OutOfService") {
      throw new EndpointFailedError(endpointName, endpoint.FailureReason || `status ${status}`);
    }
    if (elapsedMs + pollIntervalMs > timeoutMs) {
      throw new WaitTimeoutError(
        `endpoint ${endpointName} still ${status} after ${Math.round(elapsedMs / 1000)} s; check it later with mme status`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}
