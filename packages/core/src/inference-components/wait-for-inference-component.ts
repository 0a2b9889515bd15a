// Polls DescribeInferenceComponent until InService with all its desired copies (neither the AWS SDKs
// nor botocore have a waiter for inference components); Failed throws with the FailureReason.
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { WaitTimeoutError } from "../endpoint/endpoint-errors.js";
import {
  describeInferenceComponent,
  type InferenceComponentDescription,
} from "./describe-inference-component.js";
import { InferenceComponentFailedError } from "./inference-component-errors.js";

export interface WaitForInferenceComponentInput {
  name: string;
  /** Called on every poll with the component and how long the wait has lasted. */
  onStatus?: (component: InferenceComponentDescription, elapsedMs: number) => void;
  /** Default 15 s: copies take minutes to come up on AWS. */
  pollIntervalMs?: number;
  /** Default 30 min. */
  timeoutMs?: number;
}

export async function waitForInferenceComponent(
  sagemaker: SageMakerClient,
  input: WaitForInferenceComponentInput,
): Promise<InferenceComponentDescription> {
  const { name, onStatus, pollIntervalMs = 15_000, timeoutMs = 30 * 60_000 } = input;
  const start = Date.now();
  for (;;) {
    const component = await describeInferenceComponent(sagemaker, name);
    const elapsedMs = Date.now() - start;
    onStatus?.(component, elapsedMs);
    if (component.status === "InService" && component.currentCopies === component.desiredCopies) {
      return component;
    }
    if (component.status === "Failed") {
      throw new InferenceComponentFailedError(
        `inference component ${name} failed: ${component.failureReason ?? "no reason given"}`,
      );
    }
    if (elapsedMs + pollIntervalMs > timeoutMs) {
      throw new WaitTimeoutError(
        `inference component ${name} still ${component.status} after ${Math.round(elapsedMs / 1000)} s; check it later with mme ic describe ${name}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}
