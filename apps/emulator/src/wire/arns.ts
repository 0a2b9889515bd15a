export interface AccountScope {
  region: string;
  accountId: string;
}

export type ResourceKind = "model" | "endpoint-config" | "endpoint" | "inference-component";

/** SageMaker lower-cases resource names inside ARNs. */
export function sagemakerArn(scope: AccountScope, kind: ResourceKind, name: string): string {
  return `arn:aws:sagemaker:${scope.region}:${scope.accountId}:${kind}/${name.toLowerCase()}`;
}

export function logGroupArn(scope: AccountScope, endpointName: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:/aws/sagemaker/Endpoints/${endpointName}`;
}
