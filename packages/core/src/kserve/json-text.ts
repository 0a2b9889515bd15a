// JSON.parse turns integers beyond 2^53 into inexact doubles before any INT64 tensor sees them. Such literals are
// quoted before parsing so INT64/UINT64 (and float) decoding reads their exact decimal text.

import { KServeCodecError } from "./errors.js";

const LONG_INTEGER_LITERAL = /(?<![\d.])\d{16,}(?![\d.eE])/;
const INTEGER_LITERAL = /-?\d+(?![\d.eE])/y;

export function parseJsonText(text: string, what: string): unknown {
  const source = LONG_INTEGER_LITERAL.test(text) ? quoteUnsafeIntegers(text) : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new KServeCodecError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let copiedUpTo = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = endOfString(text, i);
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      INTEGER_LITERAL.lastIndex = i;
      const match = INTEGER_LITERAL.exec(text);
      if (match && !Number.isSafeInteger(Number(match[0]))) {
        out += `${text.slice(copiedUpTo, i)}"${match[0]}"`;
        copiedUpTo = i + match[0].length;
      }
      i += match ? match[0].length : 1;
      while (i < text.length && /[\d.eE+-]/.test(text[i] as string)) i++;
      continue;
    }
    i++;
  }
  return out + text.slice(copiedUpTo);
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}
