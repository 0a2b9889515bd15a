import { conditionOperator } from "./condition-operators.js";
import { InvalidPolicyError } from "./invalid-policy-error.js";
import { type PolicyDocument, policyDocumentSchema } from "./policy-schema.js";

/**
 * Parses a policy document: its JSON text (as IAM returns it, possibly URL-encoded) or the parsed
 * object. Throws InvalidPolicyError naming every problem, unknown condition operators included.
 */
export function parsePolicy(input: unknown, policyName = "policy"): PolicyDocument {
  const json = typeof input === "string" ? parseJsonText(input, policyName) : input;
  const result = policyDocumentSchema.safeParse(json);
  if (!result.success) {
    throw new InvalidPolicyError(
      policyName,
      result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(document)"}: ${i.message}`),
    );
  }
  const problems: string[] = [];
  result.data.Statement.forEach((s, index) => {
    for (const operator of Object.keys(s.Condition ?? {})) {
      if (conditionOperator(operator) === undefined) {
        problems.push(`Statement.${index}.Condition: unknown condition operator ${operator}`);
      }
    }
  });
  if (problems.length > 0) throw new InvalidPolicyError(policyName, problems);
  return result.data;
}

function parseJsonText(text: string, policyName: string): unknown {
  // GetRolePolicy / GetPolicyVersion return the document URL-encoded (RFC 3986).
  const decoded = text.trimStart().startsWith("%7B") ? decodeURIComponent(text) : text;
  try {
    return JSON.parse(decoded);
  } catch (error) {
    throw new InvalidPolicyError(policyName, [`not JSON: ${(error as Error).message}`]);
  }
}
