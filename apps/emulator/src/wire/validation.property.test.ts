// The header and name validators against SageMaker's rules written out independently (fast-check): a
// value is accepted exactly when the rule holds, and a refusal is always SageMaker's ValidationError
// with its "1 validation error detected" wording naming the member.
import { ValidationError } from "@mme/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAsciiHeader, checkEndpointName, checkPrintableHeader } from "./validation.js";

const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const isAlnum = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** EndpointName: ≤ 63, `^[a-zA-Z0-9](-*[a-zA-Z0-9])*`: letters, digits and inner hyphens. */
function endpointNameOk(name: string): boolean {
  const c = codes(name);
  return (
    c.length >= 1 &&
    c.length <= 63 &&
    isAlnum(c[0]!) &&
    isAlnum(c[c.length - 1]!) &&
    c.every((x) => isAlnum(x) || x === 0x2d)
  );
}

/** TargetModel / InferenceId: 1..max, `\A\S[\p{Print}]*\z` with Java's ASCII \p{Print}. */
function printableOk(value: string, max: number): boolean {
  const c = codes(value);
  return (
    c.length >= 1 &&
    c.length <= max &&
    c[0]! >= 0x21 &&
    c[0]! <= 0x7e &&
    c.every((x) => x >= 0x20 && x <= 0x7e)
  );
}

function outcome(check: () => void, member: string): "accepted" | "refused" {
  try {
    check();
    return "accepted";
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(
      new RegExp(
        `^1 validation error detected: Value '[\\s\\S]*' at '${member}' failed to satisfy constraint: Member must`,
      ),
    );
    return "refused";
  }
}

/** Mostly names that are almost right, with any character now and then. */
const nameLike = fc.string({
  unit: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(..."abcXYZ019-") },
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  ),
  maxLength: 70,
});
const headerLike = (minLength: number, maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 10, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(" ", "\t", "\u0000", "\u007f", "é", "\u2028", "😀") },
    ),
    minLength,
    maxLength,
  });

describe("SageMaker input rules", () => {
  it("EndpointName", () => {
    fc.assert(
      fc.property(nameLike, (name) => {
        expect(outcome(() => checkEndpointName(name), "endpointName")).toBe(
          endpointNameOk(name) ? "accepted" : "refused",
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("X-Amzn-SageMaker-Target-Model (1..1024 printable ASCII, no leading space)", () => {
    fc.assert(
      fc.property(fc.oneof(headerLike(0, 40), headerLike(1020, 1030)), (value) => {
        expect(outcome(() => checkPrintableHeader("targetModel", value, 1024), "targetModel")).toBe(
          printableOk(value, 1024) ? "accepted" : "refused",
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("X-Amzn-SageMaker-Custom-Attributes (≤ 1024 ASCII)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 1030 }), (value) => {
        const ok = value.length <= 1024 && codes(value).every((c) => c < 0x80);
        expect(outcome(() => checkAsciiHeader("customAttributes", value, 1024), "customAttributes")).toBe(
          ok ? "accepted" : "refused",
        );
      }),
      { numRuns: 1000 },
    );
  });
});
