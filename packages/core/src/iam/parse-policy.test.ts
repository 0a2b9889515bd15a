import { describe, expect, it } from "vitest";
import { InvalidPolicyError } from "./invalid-policy-error.js";
import { parsePolicy } from "./parse-policy.js";

function problemsOf(doc: unknown): readonly string[] {
  try {
    parsePolicy(doc, "my-policy");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as InvalidPolicyError).message).toMatch(/^my-policy is not a valid IAM policy: /);
    return (error as InvalidPolicyError).problems;
  }
  throw new Error("parsed");
}

describe("parsePolicy", () => {
  it("normalises a single statement and single values to lists", () => {
    const p = parsePolicy({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
    });
    expect(p.Statement).toEqual([{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }]);
  });

  it("reads the URL-encoded JSON that IAM's Get*Policy calls return", () => {
    const text = encodeURIComponent(
      JSON.stringify({ Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] }),
    );
    expect(parsePolicy(text).Statement[0]!.Effect).toBe("Deny");
  });

  it("names every problem of a malformed document", () => {
    expect(problemsOf({ Statement: [{ Effect: "allow", Action: "s3:*", Resource: "*" }] })).toEqual([
      expect.stringMatching(/^Statement\.0\.Effect: /),
    ]);
    expect(problemsOf({ Statement: [{ Effect: "Allow", Resource: "*" }] })).toEqual([
      expect.stringContaining("exactly one of Action or NotAction"),
    ]);
    expect(
      problemsOf({ Statement: { Effect: "Allow", Action: "*", Resource: "*", NotResource: "x" } }),
    ).toEqual([expect.stringContaining("both Resource and NotResource")]);
    expect(problemsOf({ Version: "2020-01-01", Statement: [] })).toHaveLength(2);
    expect(problemsOf({ Statement: { Effect: "Allow", Action: "*", Resource: "*", Actions: "x" } })).toEqual([
      expect.stringContaining("Actions"),
    ]);
    expect(
      problemsOf({
        Statement: { Effect: "Allow", Action: "*", Resource: "*", Condition: { StringSortOf: { k: "v" } } },
      }),
    ).toEqual(["Statement.0.Condition: unknown condition operator StringSortOf"]);
    expect(problemsOf("{not json")).toEqual([expect.stringMatching(/^not JSON: /)]);
  });

  it("accepts the qualified and IfExists forms of the operators", () => {
    const p = parsePolicy({
      Statement: {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: {
          "ForAnyValue:StringLikeIfExists": { "aws:TagKeys": "a*" },
          ArnNotLikeIfExists: { "aws:SourceArn": "arn:aws:s3:::x" },
          Bool: { "aws:SecureTransport": true },
          NumericLessThan: { "s3:max-keys": 5 },
        },
      },
    });
    expect(p.Statement[0]!.Condition!.Bool).toEqual({ "aws:SecureTransport": ["true"] });
  });
});
