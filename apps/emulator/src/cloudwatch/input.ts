// Reading a decoded request of any protocol: timestamps arrive as epoch seconds (JSON), CBOR tag 1
// ({tag, value}) or ISO 8601 text (Query); numbers and booleans arrive as text from Query.
import { invalidParameterValue, missingParameter } from "../wire/errors/cloudwatch.js";

export type Input = Record<string, unknown>;

export function record(value: unknown): Input {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Input) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameterValue(`The parameter ${name} must be a string.`);
  return value;
}

export function requiredText(input: Input, name: string): string {
  const value = text(input, name);
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

export function integer(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    throw invalidParameterValue(`The parameter ${name} must be an integer.`);
  }
  return number;
}

export function number(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === "") return undefined;
  const parsed = typeof value === "string" ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isFinite(parsed)) {
    throw invalidParameterValue(`The parameter ${name} must be a number.`);
  }
  return parsed;
}

export function flag(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw invalidParameterValue(`The parameter ${name} must be a boolean.`);
}

/** Epoch milliseconds. */
export function timestamp(input: Input, name: string): number {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  const tagged = record(value);
  const raw = "tag" in tagged && "value" in tagged ? tagged.value : value;
  let ms: number;
  if (typeof raw === "number") ms = raw * 1000;
  else if (typeof raw === "bigint") ms = Number(raw) * 1000;
  else if (typeof raw === "string") ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) throw invalidParameterValue(`The parameter ${name} is not a valid timestamp.`);
  return ms;
}
