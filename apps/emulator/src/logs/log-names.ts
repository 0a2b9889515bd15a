// SageMaker's names for an endpoint's logs: group /aws/sagemaker/Endpoints/<EndpointName>, one stream
// per instance, <VariantName>/<instance id>. The emulator runs one instance per endpoint; its id is
// derived from the endpoint name so it stays the same across restarts.
import { createHash } from "node:crypto";
import type { AccountScope } from "../control-plane/arns.js";

export function logGroupName(endpointName: string): string {
  return `/aws/sagemaker/Endpoints/${endpointName}`;
}

export function instanceId(endpointName: string): string {
  return `i-${createHash("sha256").update(endpointName).digest("hex").slice(0, 17)}`;
}

export function logStreamName(endpointName: string, variantName: string): string {
  return `${variantName}/${instanceId(endpointName)}`;
}

export function logGroupArn(scope: AccountScope, groupName: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${groupName}`;
}

export function logStreamArn(scope: AccountScope, endpointName: string, variantName: string): string {
  return `${logGroupArn(scope, logGroupName(endpointName))}:log-stream:${logStreamName(endpointName, variantName)}`;
}
