import { BlockList, isIP } from "node:net";
import { arnMatch, type PatternToken, wildcardMatch } from "./wildcard.js";

// The condition operators of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

interface BaseOperator {
  /** True when the policy value matches the request value (the positive form of the operator). */
  matches(policyValue: PatternToken[], policyText: string, requestValue: string): boolean;
  /** StringNotEquals, ArnNotLike, …: true when no policy value matches. */
  negated: boolean;
  /** Whether policy variables are filled in within this operator's values. */
  variables: boolean;
}

const text = (t: PatternToken[]) =>
  t.map((x) => (x.kind === "text" ? x.char : x.kind === "star" ? "*" : "?")).join("");
const number = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
const date = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));

function compare(parse: (v: string) => number, test: (request: number, policy: number) => boolean) {
  return (_t: PatternToken[], policy: string, request: string) => {
    const p = parse(policy);
    const r = parse(request);
    return !Number.isNaN(p) && !Number.isNaN(r) && test(r, p);
  };
}

function inCidr(_t: PatternToken[], policy: string, request: string): boolean {
  const [network, bits] = policy.split("/");
  const family = isIP(network ?? "");
  const requestFamily = isIP(request);
  if (family === 0 || requestFamily !== family) return false;
  const list = new BlockList();
  const type = family === 4 ? "ipv4" : "ipv6";
  list.addSubnet(network!, bits === undefined ? (family === 4 ? 32 : 128) : Number(bits), type);
  return list.check(request, type);
}

const equals = (t: PatternToken[], _p: string, r: string) => text(t) === r;
const equalsIgnoreCase = (t: PatternToken[], _p: string, r: string) =>
  text(t).toLowerCase() === r.toLowerCase();
const like = (t: PatternToken[], _p: string, r: string) => wildcardMatch(t, r);
const arn = (t: PatternToken[], _p: string, r: string) => arnMatch(t, r);

const op = (matches: BaseOperator["matches"], negated: boolean, variables: boolean): BaseOperator => ({
  matches,
  negated,
  variables,
});

const baseOperators: Record<string, BaseOperator> = {
  stringequals: op(equals, false, true),
  stringnotequals: op(equals, true, true),
  stringequalsignorecase: op(equalsIgnoreCase, false, true),
  stringnotequalsignorecase: op(equalsIgnoreCase, true, true),
  stringlike: op(like, false, true),
  stringnotlike: op(like, true, true),
  numericequals: op(
    compare(number, (r, p) => r === p),
    false,
    false,
  ),
  numericnotequals: op(
    compare(number, (r, p) => r === p),
    true,
    false,
  ),
  numericlessthan: op(
    compare(number, (r, p) => r < p),
    false,
    false,
  ),
  numericlessthanequals: op(
    compare(number, (r, p) => r <= p),
    false,
    false,
  ),
  numericgreaterthan: op(
    compare(number, (r, p) => r > p),
    false,
    false,
  ),
  numericgreaterthanequals: op(
    compare(number, (r, p) => r >= p),
    false,
    false,
  ),
  dateequals: op(
    compare(date, (r, p) => r === p),
    false,
    false,
  ),
  datenotequals: op(
    compare(date, (r, p) => r === p),
    true,
    false,
  ),
  datelessthan: op(
    compare(date, (r, p) => r < p),
    false,
    false,
  ),
  datelessthanequals: op(
    compare(date, (r, p) => r <= p),
    false,
    false,
  ),
  dategreaterthan: op(
    compare(date, (r, p) => r > p),
    false,
    false,
  ),
  dategreaterthanequals: op(
    compare(date, (r, p) => r >= p),
    false,
    false,
  ),
  bool: op(equalsIgnoreCase, false, true),
  binaryequals: op(equals, false, false),
  ipaddress: op(inCidr, false, false),
  notipaddress: op(inCidr, true, false),
  arnequals: op(arn, false, true),
  arnlike: op(arn, false, true),
  arnnotequals: op(arn, true, true),
  arnnotlike: op(arn, true, true),
};

export type SetQualifier = "ForAnyValue" | "ForAllValues";

export type ConditionOperator =
  | { kind: "null" }
  | { kind: "compare"; base: BaseOperator; ifExists: boolean; set?: SetQualifier };

/** Parses `ForAnyValue:StringLikeIfExists` and the like (names case-insensitive); undefined if unknown. */
export function conditionOperator(name: string): ConditionOperator | undefined {
  const qualified = /^(forAnyValue|forAllValues):(.+)$/i.exec(name);
  const set: SetQualifier | undefined =
    qualified === null
      ? undefined
      : qualified[1]!.toLowerCase() === "foranyvalue"
        ? "ForAnyValue"
        : "ForAllValues";
  let rest = (qualified?.[2] ?? name).toLowerCase();
  if (rest === "null") return set === undefined ? { kind: "null" } : undefined;
  const ifExists = rest.endsWith("ifexists");
  if (ifExists) rest = rest.slice(0, -"ifexists".length);
  const base = baseOperators[rest];
  return base === undefined ? undefined : { kind: "compare", base, ifExists, set };
}
