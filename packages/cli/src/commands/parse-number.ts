import { UsageError } from "@mme/core";

export function positiveNumber(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive number, got "${value}"`);
  return n;
}
