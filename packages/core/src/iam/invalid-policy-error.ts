import { MmeError } from "../errors/mme-errors.js";

/** A policy document that IAM would refuse as malformed; `problems` names each one by its JSON path. */
export class InvalidPolicyError extends MmeError {
  override name = "InvalidPolicyError";
  constructor(
    readonly policyName: string,
    readonly problems: readonly string[],
  ) {
    super(`${policyName} is not a valid IAM policy: ${problems.join("; ")}`);
  }
}
