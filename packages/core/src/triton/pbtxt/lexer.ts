import { PbtxtSyntaxError } from "./errors.js";
import type { PbtxtPunctuation, PbtxtToken } from "./tokens.js";

const PUNCTUATION = new Set<string>(["{", "}", "<", ">", "[", "]", ":", ",", ";", "-"]);
const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a,
  t: 0x09,
  r: 0x0d,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  v: 0x0b,
  "\\": 0x5c,
  "'": 0x27,
  '"': 0x22,
  "?": 0x3f,
};

const utf8 = new TextEncoder();

const isIdentifierStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentifierPart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

/** Splits protobuf text format into tokens, skipping whitespace and `#` comments. */
export class PbtxtLexer {
  private offset = 0;
  private line = 1;
  private column = 1;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  next(): PbtxtToken {
    this.skipWhitespaceAndComments();
    const line = this.line;
    const column = this.column;
    const c = this.peekChar();
    if (c === undefined) return { kind: "eof", text: "", line, column };
    if (isIdentifierStart(c)) {
      const text = this.takeWhile(isIdentifierPart);
      return { kind: "identifier", text, line, column };
    }
    if (isDigit(c) || (c === "." && isDigit(this.peekChar(1) ?? ""))) return this.readNumber(line, column);
    if (c === '"' || c === "'") return this.readString(line, column);
    if (PUNCTUATION.has(c)) {
      this.advance();
      return { kind: "punctuation", text: c as PbtxtPunctuation, line, column };
    }
    throw new PbtxtSyntaxError(this.file, line, column, `unexpected character ${JSON.stringify(c)}`);
  }

  private readNumber(line: number, column: number): PbtxtToken {
    const start = this.offset;
    let value: number;
    let isInteger = true;
    if (/^0[xX][0-9a-fA-F]/.test(this.text.slice(start, start + 3))) {
      this.advance();
      this.advance();
      value = Number.parseInt(
        this.takeWhile((c) => /[0-9a-fA-F]/.test(c)),
        16,
      );
    } else if (/^0[0-7]/.test(this.text.slice(start, start + 2))) {
      value = Number.parseInt(
        this.takeWhile((c) => /[0-7]/.test(c)),
        8,
      );
    } else {
      this.takeWhile(isDigit);
      if (this.peekChar() === ".") {
        isInteger = false;
        this.advance();
        this.takeWhile(isDigit);
      }
      const exponent = /^[eE][+-]?[0-9]/.exec(this.text.slice(this.offset, this.offset + 3));
      if (exponent) {
        isInteger = false;
        this.advance();
        if (this.peekChar() === "+" || this.peekChar() === "-") this.advance();
        this.takeWhile(isDigit);
      }
      value = Number(this.text.slice(start, this.offset));
      if (this.peekChar() === "f" || this.peekChar() === "F") {
        isInteger = false;
        this.advance();
      }
    }
    const next = this.peekChar();
    if (next !== undefined && (isIdentifierPart(next) || next === ".")) {
      const bad =
        this.text.slice(start, this.offset) + this.takeWhile((c) => isIdentifierPart(c) || c === ".");
      throw new PbtxtSyntaxError(this.file, line, column, `invalid number ${JSON.stringify(bad)}`);
    }
    return { kind: "number", text: this.text.slice(start, this.offset), value, isInteger, line, column };
  }

  private readString(line: number, column: number): PbtxtToken {
    const start = this.offset;
    const quote = this.advance();
    const bytes: number[] = [];
    for (;;) {
      const c = this.peekChar();
      if (c === undefined || c === "\n") {
        throw new PbtxtSyntaxError(this.file, line, column, "unterminated string");
      }
      this.advance();
      if (c === quote) break;
      if (c !== "\\") {
        const codePoint = this.text.codePointAt(this.offset - 1)!;
        if (codePoint > 0xffff) this.advance();
        bytes.push(...utf8.encode(String.fromCodePoint(codePoint)));
        continue;
      }
      bytes.push(...this.readEscape());
    }
    const value = new TextDecoder().decode(new Uint8Array(bytes));
    return { kind: "string", text: this.text.slice(start, this.offset), value, line, column };
  }

  private readEscape(): number[] {
    const line = this.line;
    const column = this.column - 1;
    const c = this.peekChar();
    if (c === undefined || c === "\n")
      throw new PbtxtSyntaxError(this.file, line, column, "unterminated string");
    this.advance();
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return [simple];
    if (/[0-7]/.test(c)) {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(this.peekChar() ?? "")) digits += this.advance();
      return [Number.parseInt(digits, 8) & 0xff];
    }
    if (c === "x" || c === "X") {
      let digits = "";
      while (digits.length < 2 && /[0-9a-fA-F]/.test(this.peekChar() ?? "")) digits += this.advance();
      if (digits === "") throw new PbtxtSyntaxError(this.file, line, column, "\\x escape needs hex digits");
      return [Number.parseInt(digits, 16)];
    }
    if (c === "u" || c === "U") {
      const length = c === "u" ? 4 : 8;
      let digits = "";
      while (digits.length < length && /[0-9a-fA-F]/.test(this.peekChar() ?? "")) digits += this.advance();
      const codePoint = Number.parseInt(digits, 16);
      if (digits.length !== length || codePoint > 0x10ffff) {
        throw new PbtxtSyntaxError(this.file, line, column, `\\${c} escape needs ${length} hex digits`);
      }
      return [...utf8.encode(String.fromCodePoint(codePoint))];
    }
    throw new PbtxtSyntaxError(this.file, line, column, `unknown escape sequence \\${c}`);
  }

  private skipWhitespaceAndComments(): void {
    for (;;) {
      const c = this.peekChar();
      if (c === "#") this.takeWhile((x) => x !== "\n");
      else if (c !== undefined && /\s/.test(c)) this.advance();
      else return;
    }
  }

  private takeWhile(predicate: (c: string) => boolean): string {
    const start = this.offset;
    while (this.offset < this.text.length && predicate(this.text[this.offset]!)) this.advance();
    return this.text.slice(start, this.offset);
  }

  private peekChar(ahead = 0): string | undefined {
    return this.text[this.offset + ahead];
  }

  private advance(): string {
    const c = this.text[this.offset++]!;
    if (c === "\n") {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return c;
  }
}
