// BYTES tensors in binary form: each element is a 4-byte little-endian length followed by its bytes.

import { KServeCodecError } from "./errors.js";

export function encodedBytesLength(elements: readonly Uint8Array[]): number {
  let total = 0;
  for (const element of elements) total += 4 + element.byteLength;
  return total;
}

export function encodeBytesElements(elements: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(encodedBytesLength(elements));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const element of elements) {
    view.setUint32(offset, element.byteLength, true);
    out.set(element, offset + 4);
    offset += 4 + element.byteLength;
  }
  return out;
}

/** Splits exactly `count` elements out of `bytes`; any byte left over or missing is an error naming `what`. */
export function decodeBytesElements(bytes: Uint8Array, count: number, what: string): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const elements: Uint8Array[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 4 > bytes.byteLength) {
      throw new KServeCodecError(
        `${what}: BYTES element ${index} has no length prefix (${bytes.byteLength - offset} bytes left, ${count} elements expected)`,
      );
    }
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.byteLength) {
      throw new KServeCodecError(
        `${what}: BYTES element ${index} claims ${length} bytes but only ${bytes.byteLength - offset} remain`,
      );
    }
    elements.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  if (offset !== bytes.byteLength) {
    throw new KServeCodecError(
      `${what}: ${bytes.byteLength - offset} bytes left over after ${count} BYTES elements`,
    );
  }
  return elements;
}
