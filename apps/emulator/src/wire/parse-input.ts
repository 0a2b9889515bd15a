// An awsJson1_1 input checked against its zod schema, refused as AWS words a ValidationException.
import type { z } from "zod";
import { ValidationException } from "./errors/sagemaker.js";

/** Parses with a schema, turning zod's issues into SageMaker's "N validation errors detected" line. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  const details = issues.map((issue) => {
    const member = issue.path.map((p) =>
      typeof p === "string" ? p.charAt(0).toLowerCase() + p.slice(1) : p,
    );
    const value = valueAt(input, issue.path);
    const constraint =
      issue.code === "invalid_type" && value === undefined ? "Member must not be null" : issue.message;
    return `Value ${value === undefined ? "null" : `'${String(value)}'`} at '${member.join(".")}' failed to satisfy constraint: ${constraint}`;
  });
  const count = `${issues.length} validation error${issues.length === 1 ? "" : "s"} detected`;
  throw new ValidationException(`${count}: ${details.join("; ")}`);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
