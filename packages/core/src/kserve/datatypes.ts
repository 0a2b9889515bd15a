import { decodeBytesElements } from "./bytes-elements.js";
import { KServeCodecError } from "./errors.js";
import { KSERVE_DATATYPES, type KServeDatatype, type TensorData } from "./types.js";

type FixedDatatype = Exclude<KServeDatatype, "BYTES">;
export type FixedTensorData = Exclude<TensorData, Uint8Array[]>;

interface TypedArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (length: number): FixedTensorData;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): FixedTensorData;
}

/** The typed array that holds each fixed-size datatype (FP16 as raw half bits, BOOL as 0/1 bytes). */
export const TYPED_ARRAY_FOR_DATATYPE: Record<FixedDatatype, TypedArrayClass> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

export function isKServeDatatype(value: unknown): value is KServeDatatype {
  return typeof value === "string" && (KSERVE_DATATYPES as readonly string[]).includes(value);
}

/** Bytes per element in binary form; undefined for BYTES, whose elements vary in length. */
export function bytesPerElement(datatype: KServeDatatype): number | undefined {
  return datatype === "BYTES" ? undefined : TYPED_ARRAY_FOR_DATATYPE[datatype].BYTES_PER_ELEMENT;
}

/** Number of elements of a tensor of this shape (1 for a scalar `[]`). */
export function elementCount(shape: number[]): number {
  let count = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new KServeCodecError(`shape [${shape.join(", ")}] has an invalid dimension ${dim}`);
    }
    count *= dim;
  }
  if (!Number.isSafeInteger(count)) throw new KServeCodecError(`shape [${shape.join(", ")}] is too large`);
  return count;
}

/**
 * Views `count` little-endian elements of `bytes` as the datatype's typed array: no copy when the bytes are
 * aligned for it, a copy otherwise. BYTES gives one Uint8Array per length-prefixed element.
 */
export function typedArrayFor(
  datatype: KServeDatatype,
  bytes: Uint8Array,
  count: number,
  what = `${datatype} data`,
): TensorData {
  if (datatype === "BYTES") return decodeBytesElements(bytes, count, what);
  const TypedArray = TYPED_ARRAY_FOR_DATATYPE[datatype];
  const byteLength = count * TypedArray.BYTES_PER_ELEMENT;
  if (bytes.byteLength < byteLength) {
    throw new KServeCodecError(
      `${what}: expected ${byteLength} bytes for ${count} elements, got ${bytes.byteLength}`,
    );
  }
  // Uint8Array.prototype.slice copies; a Node Buffer's own slice() would return an unaligned view.
  const aligned =
    bytes.byteOffset % TypedArray.BYTES_PER_ELEMENT === 0
      ? bytes
      : Uint8Array.prototype.slice.call(bytes, 0, byteLength);
  return new TypedArray(aligned.buffer, aligned.byteOffset, count);
}
