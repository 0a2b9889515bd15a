// SageMaker's names for an endpoint's logs: group /aws/sagemaker/Endpoints/<EndpointName>, one stream
// per instance, <VariantName>/<instance id>. A fleet's instances have their own ids (fleet/); a model host
// opened outside a fleet gets one derived from the endpoint name, so it stays the same across restarts.
import { createHash } from "node:crypto";
import type { AccountScope } from "../wire/arns.js";

export function logGroupName(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

export function derivedInstanceId(endpointName: string): string {
  return `i-${createHash("sha256").update(endpointName).digest("hex").slice(0, 17)}`;
}

export function logStreamName(variantName: string, instanceId: string): string {
  return `${variantName}/${instanceId}`;
}

export function logGroupArn(scope: AccountScope, groupName: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${groupName}`;
}

export function logStreamArn(
  scope: AccountScope,
  endpointName: string,
  variantName: string,
  instanceId: string,
): string {
  return `${logGroupArn(scope, logGroupName(endpointName))}:log-stream:${logStreamName(variantName, instanceId)}`;
}

/** An inference component's logs: group /aws/sagemaker/InferenceComponents/<name>, a stream per copy. */
export function componentLogGroupName(componentName: string): string {
  return `/aws/sagemaker/InferenceComponents/${componentName}`;
}

export function componentLogStreamName(instanceId: string, copyId: string): string {
  return `${instanceId}/${copyId}`;
}

export function componentLogStreamArn(
  scope: AccountScope,
  componentName: string,
  instanceId: string,
  copyId: string,
): string {
  return `${logGroupArn(scope, componentLogGroupName(componentName))}:log-stream:${componentLogStreamName(instanceId, copyId)}`;
}
