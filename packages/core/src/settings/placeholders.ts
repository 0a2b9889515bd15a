import { SettingsError } from "../errors/index.js";

// The original samples shipped values like arn:aws:iam::ACCOUNT_ID:role/… and
// ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/…; sending those to AWS gives confusing errors.
const PLACEHOLDER = /(?:^|[^A-Za-z0-9_])(ACCOUNT_ID|REGION)(?:[^A-Za-z0-9_]|$)/;

export function assertNoPlaceholder(key: string, value: unknown, source: string): void {
  if (typeof value !== "string") return;
  const match = PLACEHOLDER.exec(value);
  if (match) {
    throw new SettingsError(
      `setting "${key}" (from ${source}) still holds the placeholder ${match[1]}: "${value}"; put your real value there`,
    );
  }
}
