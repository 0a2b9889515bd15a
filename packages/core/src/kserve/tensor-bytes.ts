// Tensors in the binary tensor extension's form: little-endian, row-major, no padding.

import { encodeBytesElements } from "./bytes-elements.js";
import { bytesPerElement, typedArrayFor } from "./datatypes.js";
import { KServeCodecError } from "./errors.js";
import { checkTensorData } from "./tensor-checks.js";
import { formatShape, type TensorRole, tensorLabel } from "./tensor-label.js";
import type { KServeDatatype, Tensor } from "./types.js";

/** The tensor's bytes in binary form: a view of the typed array (no copy), or the length-prefixed BYTES. */
export function tensorToBytes(t: Tensor, role: TensorRole = "tensor"): Uint8Array {
  checkTensorData(t, role);
  if (t.datatype === "BYTES") return encodeBytesElements(t.data as Uint8Array[]);
  const data = t.data as Exclude<Tensor["data"], Uint8Array[]>;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Decodes one tensor's binary blob; its length must match the shape exactly. */
export function tensorFromBytes(
  role: TensorRole,
  name: string,
  datatype: KServeDatatype,
  shape: number[],
  count: number,
  bytes: Uint8Array,
): Tensor {
  const label = tensorLabel(role, name);
  if (datatype !== "BYTES") {
    const expected = count * (bytesPerElement(datatype) ?? 0);
    if (bytes.byteLength !== expected) {
      throw new KServeCodecError(
        `${label}: expected ${expected} bytes of ${datatype} data for shape ${formatShape(shape)}, got ${bytes.byteLength}`,
      );
    }
  }
  return { name, datatype, shape, data: typedArrayFor(datatype, bytes, count, label) };
}
