// Readers for fields of untrusted JSON, each failing with a KServeCodecError that names the field.

import { KServeCodecError } from "./errors.js";
import type { TensorParameters } from "./types.js";

export function readParameters(value: unknown, what: string): TensorParameters | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new KServeCodecError(`${what} must be a JSON object`);
  return value as TensorParameters;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new KServeCodecError(`${what} must be a string`);
  return value;
}

export function optionalBoolean(value: unknown, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean")
    throw new KServeCodecError(`${what} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
