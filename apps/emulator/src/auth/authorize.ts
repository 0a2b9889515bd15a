// TargetModel authorization as IAM does it: the caller's identity-based policy (a key's `policy` in
// --auth-keys) is evaluated for the action on the endpoint's ARN, with `sagemaker:TargetModel` in the
// request context (AWS's MME docs: `StringLike: {"sagemaker:TargetModel": ["company_a/*"]}`). Explicit
// deny wins; no applicable Allow is a deny. A refusal is AWS's AccessDeniedException, in AWS's words.
// Control-plane operations are evaluated the same way, as `sagemaker:<Operation>` on the named resource.
import { evaluate } from "@mme/core/iam";
import { type AccountScope, sagemakerArn } from "../wire/arns.js";
import { AccessDeniedException } from "../wire/errors/aws-json-auth.js";
import type { Caller } from "./caller.js";

export type InvokeAction = "sagemaker:InvokeEndpoint" | "sagemaker:InvokeEndpointAsync";

export function authorizeInvoke(
  caller: Caller | undefined,
  scope: AccountScope,
  action: InvokeAction,
  endpointName: string,
  targetModel: string | undefined,
): void {
  // Without a policy there is nothing to evaluate: the warm path builds no ARN and no context for it.
  if (caller?.policy === undefined) return;
  authorize(
    caller,
    action,
    sagemakerArn(scope, "endpoint", endpointName),
    targetModel === undefined ? {} : { "sagemaker:TargetModel": targetModel },
  );
}

/** A control-plane operation, on the resource its input names (`*` for List operations). */
export function authorizeControlPlane(
  caller: Caller | undefined,
  scope: AccountScope,
  operation: string,
  input: unknown,
): void {
  const named = (input ?? {}) as Record<string, unknown>;
  const [kind, name] =
    typeof named.EndpointName === "string"
      ? (["endpoint", named.EndpointName] as const)
      : typeof named.EndpointConfigName === "string"
        ? (["endpoint-config", named.EndpointConfigName] as const)
        : typeof named.ModelName === "string"
          ? (["model", named.ModelName] as const)
          : [undefined, undefined];
  authorize(caller, `sagemaker:${operation}`, kind ? sagemakerArn(scope, kind, name) : "*", {});
}

function authorize(
  caller: Caller | undefined,
  action: string,
  resource: string,
  context: Record<string, string>,
): void {
  if (caller?.policy === undefined) return;
  const userName = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.principal)?.[1];
  const decision = evaluate([caller.policy], {
    action,
    resource,
    principal: { type: "AWS", id: caller.principal },
    context: {
      "aws:PrincipalArn": caller.principal,
      "aws:PrincipalAccount": caller.principal.split(":")[4] ?? "",
      ...(userName === undefined ? {} : { "aws:username": userName }),
      ...context,
    },
  });
  if (decision === "Allow") return;
  const why =
    decision === "ExplicitDeny"
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${action} action`;
  throw new AccessDeniedException(
    `User: ${caller.principal} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  );
}
