import { conditionHolds } from "./evaluate-condition.js";
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from "./policy-schema.js";
import { resolvePattern } from "./policy-variables.js";
import {
  type AuthorizationRequest,
  type NormalisedContext,
  normaliseContext,
  type RequestPrincipal,
} from "./request-context.js";
import { arnMatch, wildcardMatch } from "./wildcard.js";

export type PolicyDecision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface MatchedStatement {
  /** Index of the policy in the list evaluated. */
  policy: number;
  /** Index of the statement in that policy. */
  statement: number;
  sid?: string;
  effect: "Allow" | "Deny";
}

export interface PolicyEvaluation {
  decision: PolicyDecision;
  /** The statements that apply to the request: the Deny ones when denied explicitly. */
  matched: MatchedStatement[];
}

/**
 * IAM's evaluation within one set of policies: an explicit Deny in any applicable statement wins,
 * otherwise an applicable Allow allows, otherwise the request is denied by default.
 */
export function evaluate(policies: readonly PolicyDocument[], request: AuthorizationRequest): PolicyDecision {
  return explainEvaluation(policies, request).decision;
}

export function explainEvaluation(
  policies: readonly PolicyDocument[],
  request: AuthorizationRequest,
): PolicyEvaluation {
  const context = normaliseContext(request.context);
  const matched: MatchedStatement[] = [];
  policies.forEach((policy, p) => {
    const useVariables = policy.Version === "2012-10-17";
    policy.Statement.forEach((s, i) => {
      if (statementApplies(s, request, context, useVariables)) {
        matched.push({
          policy: p,
          statement: i,
          effect: s.Effect,
          ...(s.Sid === undefined ? {} : { sid: s.Sid }),
        });
      }
    });
  });
  const denies = matched.filter((m) => m.effect === "Deny");
  if (denies.length > 0) return { decision: "ExplicitDeny", matched: denies };
  if (matched.length > 0) return { decision: "Allow", matched };
  return { decision: "ImplicitDeny", matched: [] };
}

function statementApplies(
  s: PolicyStatement,
  request: AuthorizationRequest,
  context: NormalisedContext,
  useVariables: boolean,
): boolean {
  const actionListed = (patterns: readonly string[]) =>
    patterns.some((p) => wildcardMatch(p, request.action, true));
  if (s.Action !== undefined && !actionListed(s.Action)) return false;
  if (s.NotAction !== undefined && actionListed(s.NotAction)) return false;

  const resourceListed = (patterns: readonly string[]) =>
    request.resource !== undefined &&
    patterns.some((p) => {
      const tokens = resolvePattern(p, context, useVariables);
      return tokens !== undefined && arnMatch(tokens, request.resource!);
    });
  if (s.Resource !== undefined && !resourceListed(s.Resource)) return false;
  if (s.NotResource !== undefined && resourceListed(s.NotResource)) return false;

  if (s.Principal !== undefined && !principalListed(s.Principal, request.principal)) return false;
  if (s.NotPrincipal !== undefined && principalListed(s.NotPrincipal, request.principal)) return false;

  return s.Condition === undefined || conditionHolds(s.Condition, context, useVariables);
}

function principalListed(listed: PolicyPrincipal, principal: RequestPrincipal | undefined): boolean {
  if (principal === undefined) return false;
  if (listed === "*") return true;
  const ids = listed[principal.type];
  if (ids === undefined) return false;
  return ids.some(
    (id) => id === "*" || id === principal.id || (principal.type === "AWS" && sameAccount(id, principal.id)),
  );
}

/** `"111122223333"` and `arn:aws:iam::111122223333:root` name every principal of that account. */
function sameAccount(listed: string, arn: string): boolean {
  const account = /^(\d{12})$/.exec(listed)?.[1] ?? /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(listed)?.[1];
  return account !== undefined && arn.split(":")[4] === account;
}
