import type { NormalisedContext } from "./request-context.js";
import { literalTokens, type PatternToken, patternTokens } from "./wildcard.js";

// Policy variables (Version 2012-10-17 only): `${aws:username}`, `${key, 'default'}`, and the
// special `${*}`, `${?}`, `${$}` that stand for those characters literally.
const variable = /\$\{([^}]*)\}/g;

/** The pattern with its variables filled in; undefined when a variable has no value and no default. */
export function resolvePattern(
  pattern: string,
  context: NormalisedContext,
  useVariables: boolean,
): PatternToken[] | undefined {
  if (!useVariables || !pattern.includes("${")) return patternTokens(pattern);
  const tokens: PatternToken[] = [];
  let last = 0;
  for (const m of pattern.matchAll(variable)) {
    tokens.push(...patternTokens(pattern.slice(last, m.index)));
    last = m.index + m[0].length;
    const value = variableValue(m[1]!.trim(), context);
    if (value === undefined) return undefined;
    tokens.push(...literalTokens(value));
  }
  tokens.push(...patternTokens(pattern.slice(last)));
  return tokens;
}

function variableValue(body: string, context: NormalisedContext): string | undefined {
  if (body === "*" || body === "?" || body === "$") return body;
  const withDefault = /^([^,]+?)\s*,\s*'([^']*)'$/.exec(body);
  const key = (withDefault?.[1] ?? body).toLowerCase();
  const values = context.get(key);
  // Only single-valued keys can fill a variable.
  if (values !== undefined && values.length === 1) return values[0];
  return withDefault?.[2];
}
