// A KServe body's JSON is read in one iterative pass before JSON.parse, so that a client's payload cannot
// cost more than a small multiple of its size: every tensor "data" array written nested (numpy's tolist())
// is flattened in the text, so its inner arrays are never built (nested 10,000 deep, or a 6 MiB body of
// tiny arrays, parse like the flat list they hold); and the arrays and objects left are capped per byte.

import { KServeCodecError } from "./errors.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const DATA = [0x64, 0x61, 0x74, 0x61]; // d a t a

/** Legitimate requests need ~3 containers per tensor (≥ 50 bytes); this leaves room and bounds memory. */
export function maxContainers(byteLength: number): number {
  return 1024 + Math.floor(byteLength / 16);
}

/** The same JSON with every nested "data" array flat; `json` itself when there is nothing to change. */
export function flattenTensorData(json: Uint8Array, what: string): Uint8Array {
  const n = json.byteLength;
  const limit = maxContainers(n);
  const out = new Output(json);
  let containers = 0;
  let keyIsData = false;

  let i = 0;
  while (i < n) {
    const c = json[i]!;
    if (c === QUOTE) {
      const end = endOfString(json, i);
      keyIsData = end - i === 6 && DATA.every((byte, k) => json[i + 1 + k] === byte);
      i = end;
      continue;
    }
    if (c === COLON && keyIsData) {
      keyIsData = false;
      let k = i + 1;
      while (k < n && isSpace(json[k]!)) k++;
      const end = json[k] === OPEN_ARRAY ? flattenArray(json, k, out) : undefined;
      if (end !== undefined) {
        containers++;
        i = end;
      } else {
        i = k;
      }
      continue;
    }
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++containers > limit) {
        throw new KServeCodecError(
          `${what} has more than ${limit} JSON arrays and objects for its ${n} bytes`,
        );
      }
    }
    if (!isSpace(c)) keyIsData = false;
    i++;
  }
  return out.result();
}

/** Copies of the input with rewritten ranges; allocated on the first rewrite only. */
class Output {
  private bytes: Uint8Array | undefined;
  length = 0;
  /** Input bytes before this index are already in the output (or replaced). */
  copied = 0;
  constructor(private readonly json: Uint8Array) {}

  copyUpTo(index: number): void {
    this.copy(this.copied, index);
    this.copied = index;
  }
  copy(from: number, to: number): void {
    this.bytes ??= new Uint8Array(this.json.byteLength);
    this.bytes.set(this.json.subarray(from, to), this.length);
    this.length += to - from;
  }
  put(byte: number): void {
    this.bytes![this.length++] = byte;
  }
  result(): Uint8Array {
    if (!this.bytes) return this.json;
    this.copyUpTo(this.json.byteLength);
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * Walks the array opened at `open` by its brackets (found with indexOf, strings skipped) and, once it
 * turns out nested, writes it flat: the runs between brackets, trimmed of commas, joined by commas.
 * Returns the index after its closing bracket; undefined, with nothing written, when it holds an
 * object or is cut off (JSON.parse and the tensor checks then report it as they always did).
 */
function flattenArray(json: Uint8Array, open: number, out: Output): number | undefined {
  const mark = { length: out.length, copied: out.copied };
  let rewriting = false;
  let first = true;
  let depth = 1;
  let runStart = open + 1;
  const emitRun = (from: number, to: number) => {
    while (from < to && isSeparator(json[from]!)) from++;
    while (to > from && isSeparator(json[to - 1]!)) to--;
    if (from === to) return;
    if (!first) out.put(COMMA);
    first = false;
    out.copy(from, to);
  };
  const next = (byte: number, from: number) => {
    const k = json.indexOf(byte, from);
    return k < 0 ? Number.POSITIVE_INFINITY : k;
  };
  let nextOpen = next(OPEN_ARRAY, runStart);
  let nextClose = next(CLOSE_ARRAY, runStart);
  let nextQuote = next(QUOTE, runStart);
  let nextObject = next(OPEN_OBJECT, runStart);
  for (;;) {
    const k = Math.min(nextOpen, nextClose, nextQuote);
    if (k === Number.POSITIVE_INFINITY || nextObject < k) {
      out.length = mark.length;
      out.copied = mark.copied;
      return undefined;
    }
    if (k === nextQuote) {
      const end = endOfString(json, k);
      if (nextOpen < end) nextOpen = next(OPEN_ARRAY, end);
      if (nextClose < end) nextClose = next(CLOSE_ARRAY, end);
      if (nextObject < end) nextObject = next(OPEN_OBJECT, end);
      nextQuote = next(QUOTE, end);
      continue;
    }
    if (k === nextOpen) {
      if (!rewriting) {
        rewriting = true;
        out.copyUpTo(open);
        out.put(OPEN_ARRAY);
      }
      depth++;
      nextOpen = next(OPEN_ARRAY, k + 1);
    } else {
      depth--;
      nextClose = next(CLOSE_ARRAY, k + 1);
    }
    if (rewriting) emitRun(runStart, k);
    runStart = k + 1;
    if (depth === 0) {
      if (rewriting) {
        out.put(CLOSE_ARRAY);
        out.copied = k + 1;
      }
      return k + 1;
    }
  }
}

function endOfString(json: Uint8Array, start: number): number {
  let quote = json.indexOf(QUOTE, start + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (json[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = json.indexOf(QUOTE, quote + 1);
  }
  return json.byteLength;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isSeparator(c: number): boolean {
  return c === COMMA || isSpace(c);
}
