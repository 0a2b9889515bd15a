// The "inputs" of a request or "outputs" of a response: each tensor in JSON or as a binary blob.

import type { BinaryCursor } from "./body.js";
import { KServeCodecError } from "./errors.js";
import { tensorFromBytes, tensorToBytes } from "./tensor-bytes.js";
import { readTensorHeader } from "./tensor-header.js";
import { tensorFromHeader, tensorToJson } from "./tensor-json.js";
import type { TensorRole } from "./tensor-label.js";
import type { JsonTensor, Tensor } from "./types.js";

export function decodeTensorList(
  raw: unknown,
  role: TensorRole,
  binary: BinaryCursor,
  what: string,
): Tensor[] {
  const field = role === "input" ? "inputs" : "outputs";
  if (raw === undefined) throw new KServeCodecError(`${what} has no "${field}"`);
  if (!Array.isArray(raw)) throw new KServeCodecError(`${what}: "${field}" must be an array`);
  return raw.map((item, index) => {
    const header = readTensorHeader(item, role, index);
    const size = header.parameters?.binary_data_size;
    if (size === undefined) return tensorFromHeader(header);
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
      throw new KServeCodecError(
        `${header.label}: binary_data_size must be a non-negative integer, got ${JSON.stringify(size)}`,
      );
    }
    if (header.data !== undefined)
      throw new KServeCodecError(`${header.label}: has both "data" and binary_data_size`);
    const blob = binary.take(size, header.label);
    return tensorFromBytes(role, header.name, header.datatype, header.shape, header.count, blob);
  });
}

export function encodeTensorList(
  tensors: readonly Tensor[],
  role: TensorRole,
  isBinary: (name: string) => boolean,
): { json: JsonTensor[]; blobs: Uint8Array[] } {
  const json: JsonTensor[] = [];
  const blobs: Uint8Array[] = [];
  for (const t of tensors) {
    if (isBinary(t.name)) {
      const blob = tensorToBytes(t, role);
      blobs.push(blob);
      json.push({
        name: t.name,
        datatype: t.datatype,
        shape: [...t.shape],
        parameters: { binary_data_size: blob.byteLength },
      });
    } else {
      json.push(tensorToJson(t, role));
    }
  }
  return { json, blobs };
}

export function binaryPredicate(binary: boolean | ((name: string) => boolean)): (name: string) => boolean {
  return typeof binary === "function" ? binary : () => binary;
}
