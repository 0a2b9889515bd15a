import { conditionOperator } from "./condition-operators.js";
import { resolvePattern } from "./policy-variables.js";
import type { NormalisedContext } from "./request-context.js";
import type { PatternToken } from "./wildcard.js";

type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** Every operator and every key of the block must hold (AND); the values of one key are OR'ed. */
export function conditionHolds(
  block: ConditionBlock,
  context: NormalisedContext,
  useVariables: boolean,
): boolean {
  return Object.entries(block).every(([operatorName, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      keyHolds(operatorName, key.toLowerCase(), values, context, useVariables),
    ),
  );
}

function keyHolds(
  operatorName: string,
  key: string,
  policyValues: readonly string[],
  context: NormalisedContext,
  useVariables: boolean,
): boolean {
  const operator = conditionOperator(operatorName);
  if (operator === undefined) return false; // parsePolicy refuses these; a hand-built document fails closed
  const requestValues = context.get(key);
  if (operator.kind === "null") {
    // "true": the key must be absent; "false": present.
    return policyValues.some((v) => (v.toLowerCase() === "true") === (requestValues === undefined));
  }
  const { base, ifExists, set } = operator;
  if (requestValues === undefined) {
    // A missing key: no match, so negated operators hold; IfExists holds; ForAllValues holds vacuously.
    if (ifExists || set === "ForAllValues") return true;
    if (set === "ForAnyValue") return false;
    return base.negated;
  }
  const patterns = policyValues
    .map((v) => ({ text: v, tokens: resolvePattern(v, context, useVariables && base.variables) }))
    .filter((p): p is { text: string; tokens: PatternToken[] } => p.tokens !== undefined);
  const anyPolicyMatches = (requestValue: string) =>
    patterns.some((p) => base.matches(p.tokens, p.text, requestValue));
  // Each request value "satisfies" the operator when it matches a policy value (positive form)
  // or matches none of them (negated form).
  const satisfies = (requestValue: string) => anyPolicyMatches(requestValue) !== base.negated;
  if (set === "ForAllValues") return requestValues.every(satisfies);
  if (set === "ForAnyValue") return requestValues.some(satisfies);
  return base.negated ? !requestValues.some(anyPolicyMatches) : requestValues.some(anyPolicyMatches);
}
