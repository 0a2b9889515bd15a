// CloudWatch Logs' term filter patterns: `ERROR` (contains), `ERROR Exception` (all terms),
// `?ERROR ?WARN` (any), `-DEBUG` (none), `"Model loaded"` (a quoted phrase); terms are case-sensitive.
// JSON (`{ $.x = … }`), space-delimited (`[…]`) and regex (`%…%`) patterns are not served.

export class InvalidFilterPattern extends Error {}

export type LogMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const source = (pattern ?? "").trim();
  if (source === "") return () => true;
  if (/^[{[%]/.test(source)) {
    throw new InvalidFilterPattern(
      'Invalid filter pattern: the emulator serves term patterns (TERM, ?TERM, -TERM, "a phrase"), not JSON, space-delimited or regex patterns.',
    );
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  const token = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let match = token.exec(source); match; match = token.exec(source)) {
    const term = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3]!;
    if (match[1] === "?") any.push(term);
    else if (match[1] === "-") none.push(term);
    else all.push(term);
  }
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}
