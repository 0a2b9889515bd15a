// SageMaker's input constraints (botocore service-2.json), with its own "1 validation error detected" wording.
import { ValidationError } from "@mme/core";

export const MAX_BODY_BYTES = 6_291_456;
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
/** `\A\S[\p{Print}]*\z`; Java's \p{Print} is ASCII 0x20–0x7E. */
const PRINTABLE_NO_LEADING_SPACE = /^[\x21-\x7e][\x20-\x7e]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: \p{ASCII} includes the control characters
const ASCII = /^[\x00-\x7f]*$/;

export function constraintError(member: string, value: string, constraint: string): ValidationError {
  return new ValidationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkEndpointName(name: string): void {
  if (name.length > 63) {
    throw constraintError("endpointName", name, "Member must have length less than or equal to 63");
  }
  if (!ENDPOINT_NAME.test(name)) {
    throw constraintError(
      "endpointName",
      name,
      "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*",
    );
  }
}

/** X-Amzn-SageMaker-Target-Model and X-Amzn-SageMaker-Inference-Id share this rule. */
export function checkPrintableHeader(member: string, value: string, maxLength: number): void {
  if (value.length < 1 || value.length > maxLength) {
    throw constraintError(member, value, `Member must have length between 1 and ${maxLength}`);
  }
  if (!PRINTABLE_NO_LEADING_SPACE.test(value)) {
    throw constraintError(
      member,
      value,
      "Member must satisfy regular expression pattern: \\A\\S[\\p{Print}]*\\z",
    );
  }
}

export function checkAsciiHeader(member: string, value: string, maxLength: number): void {
  if (value.length > maxLength) {
    throw constraintError(member, value, `Member must have length less than or equal to ${maxLength}`);
  }
  if (!ASCII.test(value)) {
    throw constraintError(member, value, "Member must satisfy regular expression pattern: \\p{ASCII}*");
  }
}

export function bodyTooLargeError(): ValidationError {
  return new ValidationError(
    `1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BODY_BYTES}`,
  );
}
