// A KServe body: a JSON object, then (binary tensor extension) each binary tensor's bytes in tensor order.

import { parseInferenceHeaderContentLength, parseJsonHeaderSize } from "./content-type.js";
import { KServeCodecError } from "./errors.js";
import { flattenTensorData } from "./flat-data.js";
import { isPlainObject } from "./json-fields.js";
import { parseJsonText } from "./json-text.js";

export interface DecodeOptions {
  contentType?: string;
  /** The Inference-Header-Content-Length header, when the request or response carried one. */
  inferenceHeaderContentLength?: string | number;
}

export interface SplitBody {
  json: Record<string, unknown>;
  binary: BinaryCursor;
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

export function splitBody(body: Uint8Array, opts: DecodeOptions, what: string): SplitBody {
  const headerLength = jsonHeaderLength(body, opts);
  const json = parseJsonText(
    utf8Decoder.decode(flattenTensorData(body.subarray(0, headerLength), what)),
    what,
  );
  if (!isPlainObject(json)) throw new KServeCodecError(`${what} must be a JSON object`);
  return { json, binary: new BinaryCursor(body.subarray(headerLength), headerLength !== body.byteLength) };
}

function jsonHeaderLength(body: Uint8Array, opts: DecodeOptions): number {
  const fromHeader =
    opts.inferenceHeaderContentLength === undefined || opts.inferenceHeaderContentLength === ""
      ? undefined
      : parseInferenceHeaderContentLength(opts.inferenceHeaderContentLength);
  const length = fromHeader ?? parseJsonHeaderSize(opts.contentType);
  if (length === undefined) return body.byteLength;
  if (length > body.byteLength) {
    const source =
      fromHeader === undefined ? "Content-Type json-header-size" : "Inference-Header-Content-Length";
    throw new KServeCodecError(`${source} ${length} is beyond the body's ${body.byteLength} bytes`);
  }
  return length;
}

/** Hands out the binary part's blobs in order; every byte must be claimed by exactly one tensor. */
export class BinaryCursor {
  private offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly headerLengthGiven: boolean,
  ) {}

  take(size: number, label: string): Uint8Array {
    const left = this.bytes.byteLength - this.offset;
    if (size > left) {
      const hint = this.headerLengthGiven
        ? ""
        : " (no Inference-Header-Content-Length header or json-header-size content type was given)";
      throw new KServeCodecError(
        `${label}: binary_data_size ${size} goes beyond the body (${left} bytes of binary data left)${hint}`,
      );
    }
    const blob = this.bytes.subarray(this.offset, this.offset + size);
    this.offset += size;
    return blob;
  }

  assertConsumed(what: string): void {
    const left = this.bytes.byteLength - this.offset;
    if (left > 0)
      throw new KServeCodecError(`${what} has ${left} bytes of binary data that no tensor claims`);
  }
}

/** Serialises the JSON object followed by the blobs; returns the body and the JSON part's byte length. */
export function joinBody(
  json: unknown,
  blobs: readonly Uint8Array[],
): { body: Uint8Array; jsonLength: number } {
  const header = utf8Encoder.encode(JSON.stringify(json));
  if (blobs.length === 0) return { body: header, jsonLength: header.byteLength };
  let total = header.byteLength;
  for (const blob of blobs) total += blob.byteLength;
  const body = new Uint8Array(total);
  body.set(header, 0);
  let offset = header.byteLength;
  for (const blob of blobs) {
    body.set(blob, offset);
    offset += blob.byteLength;
  }
  return { body, jsonLength: header.byteLength };
}
