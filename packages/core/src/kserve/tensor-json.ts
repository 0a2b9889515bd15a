// Tensors in the JSON form: `data` as (flat or nested) JSON values, row-major.

import { TYPED_ARRAY_FOR_DATATYPE } from "./datatypes.js";
import { KServeCodecError } from "./errors.js";
import { float32ToHalfBits, halfBitsToFloat32 } from "./half-float.js";
import { checkTensorData } from "./tensor-checks.js";
import { readTensorHeader, type TensorHeader } from "./tensor-header.js";
import { formatShape, type TensorRole } from "./tensor-label.js";
import type { JsonTensor, KServeDatatype, Tensor, TensorData } from "./types.js";

const INTEGER_RANGES: Partial<Record<KServeDatatype, [number, number]>> = {
  UINT8: [0, 0xff],
  UINT16: [0, 0xffff],
  UINT32: [0, 0xffffffff],
  INT8: [-0x80, 0x7f],
  INT16: [-0x8000, 0x7fff],
  INT32: [-0x80000000, 0x7fffffff],
};
const BIGINT_RANGES: Partial<Record<KServeDatatype, [bigint, bigint]>> = {
  UINT64: [0n, 2n ** 64n - 1n],
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
};
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Decodes a JSON tensor; `data` may be flat or nested, and must hold exactly as many elements as the shape. */
export function tensorFromJson(t: JsonTensor, role: TensorRole = "input"): Tensor {
  return tensorFromHeader(readTensorHeader(t, role, 0));
}

export function tensorFromHeader(header: TensorHeader): Tensor {
  const { name, datatype, shape, count, label } = header;
  if (header.data === undefined)
    throw new KServeCodecError(`${label}: has neither "data" nor binary_data_size`);
  if (!Array.isArray(header.data)) throw new KServeCodecError(`${label}: "data" must be an array`);
  const values = flatValues(header.data);
  if (values.length !== count) {
    throw new KServeCodecError(
      `${label}: shape ${formatShape(shape)} needs ${count} elements, the data has ${values.length}`,
    );
  }
  return { name, datatype, shape: [...shape], data: convertValues(values, datatype, label) };
}

/** Row-major leaves of nested arrays, with an explicit stack: no depth can overflow the call stack. */
function flatValues(data: unknown[]): unknown[] {
  const values: unknown[] = [];
  const stack: { array: unknown[]; next: number }[] = [{ array: data, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.array.length) {
      stack.pop();
      continue;
    }
    const value = top.array[top.next++];
    if (Array.isArray(value)) stack.push({ array: value, next: 0 });
    else values.push(value);
  }
  return values;
}

function convertValues(values: unknown[], datatype: KServeDatatype, label: string): TensorData {
  const bad = (index: number, expectation: string): never => {
    const shown = JSON.stringify(values[index])?.slice(0, 40);
    throw new KServeCodecError(
      `${label}: element ${index} of ${datatype} data must be ${expectation}, got ${shown}`,
    );
  };
  if (datatype === "BYTES") {
    return values.map((v, i) => (typeof v === "string" ? utf8Encoder.encode(v) : bad(i, "a string")));
  }
  const data = new TYPED_ARRAY_FOR_DATATYPE[datatype](values.length);
  const integerRange = INTEGER_RANGES[datatype];
  const bigintRange = BIGINT_RANGES[datatype];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (datatype === "BOOL") {
      data[i] = typeof v === "boolean" ? Number(v) : bad(i, "true or false");
    } else if (integerRange) {
      const [min, max] = integerRange;
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
        bad(i, `an integer in [${min}, ${max}]`);
      data[i] = v as number;
    } else if (bigintRange) {
      const [min, max] = bigintRange;
      const n = toBigInt(v);
      if (n === undefined || n < min || n > max)
        bad(i, `an integer in [${min}, ${max}] (a number or a decimal string)`);
      data[i] = n as bigint;
    } else {
      const n = toFloat(v);
      if (n === undefined) bad(i, "a number");
      data[i] = datatype === "FP16" ? float32ToHalfBits(n as number) : (n as number);
    }
  }
  return data;
}

function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

/** JSON has no NaN or infinities: they travel as the strings "NaN", "Infinity", "-Infinity". */
function toFloat(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  if (v === "NaN") return Number.NaN;
  const n = Number(v);
  return Number.isNaN(n) ? undefined : n;
}

/** Encodes a tensor as JSON: flat data, INT64 as numbers while exact (else strings), FP16 as numbers, BYTES as UTF-8 strings. */
export function tensorToJson(t: Tensor, role: TensorRole = "output"): JsonTensor {
  checkTensorData(t, role);
  return { name: t.name, datatype: t.datatype, shape: [...t.shape], data: jsonValues(t) };
}

function jsonValues(t: Tensor): unknown[] {
  switch (t.datatype) {
    case "BYTES":
      return (t.data as Uint8Array[]).map((e) => utf8Decoder.decode(e));
    case "BOOL":
      return Array.from(t.data as Uint8Array, (v) => v !== 0);
    case "INT64":
    case "UINT64":
      return Array.from(t.data as BigInt64Array, (v) =>
        v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
          ? Number(v)
          : v.toString(),
      );
    case "FP16":
      return Array.from(t.data as Uint16Array, (v) => jsonFloat(halfBitsToFloat32(v)));
    case "FP32":
    case "FP64":
      return Array.from(t.data as Float32Array, jsonFloat);
    default:
      return Array.from(t.data as Int32Array);
  }
}

function jsonFloat(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}
