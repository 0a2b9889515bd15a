// IAM's wildcards: `*` any run of characters (including none), `?` exactly one character. A
// pattern is a list of tokens so that text put in by a policy variable (or `${*}`) stays literal.

export type PatternToken = { kind: "star" } | { kind: "one" } | { kind: "text"; char: string };

export function patternTokens(pattern: string): PatternToken[] {
  return [...pattern].map((char) =>
    char === "*" ? { kind: "star" } : char === "?" ? { kind: "one" } : { kind: "text", char },
  );
}

export function literalTokens(text: string): PatternToken[] {
  return [...text].map((char) => ({ kind: "text", char }));
}

export function wildcardMatch(pattern: string | readonly PatternToken[], value: string, ignoreCase = false) {
  const p = typeof pattern === "string" ? patternTokens(pattern) : pattern;
  const v = [...(ignoreCase ? value.toLowerCase() : value)];
  const same = (t: PatternToken, c: string) =>
    t.kind === "one" || (t.kind === "text" && (ignoreCase ? t.char.toLowerCase() : t.char) === c);
  // Iterative glob with single-star backtracking: no regular expression built from input.
  let pi = 0;
  let vi = 0;
  let star = -1;
  let starVi = 0;
  while (vi < v.length) {
    const token = p[pi];
    if (token !== undefined && token.kind !== "star" && same(token, v[vi]!)) {
      pi++;
      vi++;
    } else if (token?.kind === "star") {
      star = pi++;
      starVi = vi;
    } else if (star !== -1) {
      pi = star + 1;
      vi = ++starVi;
    } else {
      return false;
    }
  }
  while (p[pi]?.kind === "star") pi++;
  return pi === p.length;
}

/**
 * ARN matching as IAM does it: the six colon-separated parts are matched one by one, so a
 * wildcard in one part does not reach into the next; the resource part keeps its own colons.
 */
export function arnMatch(pattern: string | readonly PatternToken[], arn: string): boolean {
  const tokens = typeof pattern === "string" ? patternTokens(pattern) : pattern;
  if (tokens.length === 1 && tokens[0]!.kind === "star") return true;
  const p = splitTokens(tokens);
  const a = arn.split(":");
  if (p === undefined || a.length < 6 || a[0] !== "arn") return wildcardMatch(tokens, arn);
  const arnParts = [...a.slice(0, 5), a.slice(5).join(":")];
  return p.every((part, i) => wildcardMatch(part, arnParts[i]!));
}

function splitTokens(tokens: readonly PatternToken[]): PatternToken[][] | undefined {
  const parts: PatternToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "text" && t.char === ":" && parts.length < 6) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  const head = parts[0]!;
  const isArn = head.length === 3 && head.map((t) => (t.kind === "text" ? t.char : "")).join("") === "arn";
  return parts.length === 6 && isArn ? parts : undefined;
}
