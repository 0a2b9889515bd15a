// Checks shared by the JSON and binary forms: a tensor's header fields and its data's type and length.

import { isKServeDatatype, TYPED_ARRAY_FOR_DATATYPE } from "./datatypes.js";
import { KServeCodecError } from "./errors.js";
import { formatShape, type TensorRole, tensorLabel } from "./tensor-label.js";
import type { KServeDatatype, Tensor } from "./types.js";

export function checkName(value: unknown, role: TensorRole, index: number): string {
  if (typeof value !== "string" || value === "") {
    throw new KServeCodecError(`${role} #${index}: "name" must be a non-empty string`);
  }
  return value;
}

export function checkDatatype(value: unknown, label: string): KServeDatatype {
  if (!isKServeDatatype(value)) {
    throw new KServeCodecError(`${label}: unknown datatype ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a shape and returns its element count. */
export function checkShape(value: unknown, label: string): number {
  if (!Array.isArray(value)) throw new KServeCodecError(`${label}: "shape" must be an array of integers`);
  let count = 1;
  for (const dim of value) {
    if (typeof dim !== "number" || !Number.isSafeInteger(dim)) {
      throw new KServeCodecError(`${label}: shape ${JSON.stringify(value)} has a non-integer dimension`);
    }
    if (dim < 0) throw new KServeCodecError(`${label}: shape ${formatShape(value)} has a negative dimension`);
    count *= dim;
  }
  if (!Number.isSafeInteger(count))
    throw new KServeCodecError(`${label}: shape ${formatShape(value)} is too large`);
  return count;
}

/** Checks that a decoded tensor's data has the datatype's array class and as many elements as its shape says. */
export function checkTensorData(t: Tensor, role: TensorRole): void {
  const label = tensorLabel(role, t.name);
  const datatype = checkDatatype(t.datatype, label);
  const count = checkShape(t.shape, label);
  if (datatype === "BYTES") {
    if (!Array.isArray(t.data) || !t.data.every((e) => e instanceof Uint8Array)) {
      throw new KServeCodecError(`${label}: BYTES data must be an array of Uint8Array`);
    }
  } else {
    const expected = TYPED_ARRAY_FOR_DATATYPE[datatype];
    if (!(t.data instanceof expected) || (expected === Uint8Array && t.data.constructor !== Uint8Array)) {
      const got = (t.data as object | undefined)?.constructor?.name ?? typeof t.data;
      throw new KServeCodecError(`${label}: ${datatype} data must be a ${expected.name}, got ${got}`);
    }
  }
  if (t.data.length !== count) {
    throw new KServeCodecError(
      `${label}: shape ${formatShape(t.shape)} needs ${count} elements, the data has ${t.data.length}`,
    );
  }
}
