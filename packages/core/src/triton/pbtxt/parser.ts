import { PbtxtSyntaxError } from "./errors.js";
import { PbtxtLexer } from "./lexer.js";
import { describeToken, type PbtxtToken } from "./tokens.js";
import type { PbtxtField, PbtxtMessage, PbtxtPosition, PbtxtScalar, PbtxtValue } from "./tree.js";

const NON_FINITE_WORDS = new Set(["inf", "infinity", "nan"]);

/**
 * Parses protobuf text format into a generic message tree.
 * @throws PbtxtSyntaxError with the file, line and column of the first error.
 */
export function parsePbtxt(text: string, file = "config.pbtxt"): PbtxtMessage {
  return new PbtxtParser(text, file).parseDocument();
}

class PbtxtParser {
  private readonly lexer: PbtxtLexer;
  private token: PbtxtToken;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lexer = new PbtxtLexer(text, file);
    this.token = this.lexer.next();
  }

  parseDocument(): PbtxtMessage {
    const fields = this.parseFields(undefined);
    return { kind: "message", fields, line: 1, column: 1 };
  }

  /** Fields up to `close` (or end of file at top level). */
  private parseFields(close: { text: "}" | ">"; opener: PbtxtPosition } | undefined): PbtxtField[] {
    const fields: PbtxtField[] = [];
    for (;;) {
      const token = this.token;
      if (close && this.isPunctuation(close.text)) {
        this.advance();
        return fields;
      }
      if (token.kind === "eof") {
        if (!close) return fields;
        throw this.error(
          token,
          `expected '${close.text}' to close the message opened at line ${close.opener.line}, column ${close.opener.column}, found end of file`,
        );
      }
      if (token.kind !== "identifier")
        throw this.error(token, `expected a field name, found ${describeToken(token)}`);
      this.advance();
      this.parseFieldValues(token.text, token, fields);
      if (this.isPunctuation(",") || this.isPunctuation(";")) this.advance();
    }
  }

  private parseFieldValues(name: string, at: PbtxtPosition, into: PbtxtField[]): void {
    const push = (value: PbtxtValue) => into.push({ name, value, line: at.line, column: at.column });
    const hasColon = this.isPunctuation(":");
    if (hasColon) this.advance();
    if (this.isMessageStart()) {
      push(this.parseMessage());
      return;
    }
    if (this.isPunctuation("[")) {
      for (const value of this.parseList(name, hasColon)) push(value);
      return;
    }
    if (!hasColon) {
      throw this.error(
        this.token,
        `expected ':' or '{' after field name "${name}", found ${describeToken(this.token)}`,
      );
    }
    push(this.parseScalar(name));
  }

  private parseList(name: string, scalarsAllowed: boolean): PbtxtValue[] {
    this.advance();
    const values: PbtxtValue[] = [];
    if (this.isPunctuation("]")) {
      this.advance();
      return values;
    }
    for (;;) {
      if (this.isMessageStart()) values.push(this.parseMessage());
      else if (scalarsAllowed) values.push(this.parseScalar(name));
      else {
        throw this.error(
          this.token,
          `expected '{' in the list of messages "${name}" (a list of values needs "${name}: [...]"), found ${describeToken(this.token)}`,
        );
      }
      if (this.isPunctuation("]")) {
        this.advance();
        return values;
      }
      if (!this.isPunctuation(",")) {
        throw this.error(
          this.token,
          `expected ',' or ']' in the list "${name}", found ${describeToken(this.token)}`,
        );
      }
      this.advance();
    }
  }

  private parseMessage(): PbtxtMessage {
    const opener = this.token;
    const close = opener.text === "{" ? "}" : ">";
    this.advance();
    const fields = this.parseFields({ text: close, opener });
    return { kind: "message", fields, line: opener.line, column: opener.column };
  }

  private parseScalar(name: string): PbtxtScalar {
    const start = this.token;
    if (start.kind === "string") {
      let value = "";
      while (this.token.kind === "string") {
        value += this.token.value;
        this.advance();
      }
      return { kind: "string", value, line: start.line, column: start.column };
    }
    if (start.kind === "identifier") {
      this.advance();
      return { kind: "identifier", value: start.text, line: start.line, column: start.column };
    }
    if (start.kind === "number") {
      this.advance();
      return { ...this.numberFrom(start), line: start.line, column: start.column };
    }
    if (this.isPunctuation("-")) {
      this.advance();
      const operand = this.token;
      if (operand.kind === "number") {
        this.advance();
        const positive = this.numberFrom(operand);
        return {
          ...positive,
          value: -positive.value,
          text: `-${operand.text}`,
          line: start.line,
          column: start.column,
        };
      }
      if (operand.kind === "identifier" && NON_FINITE_WORDS.has(operand.text.toLowerCase())) {
        this.advance();
        return { kind: "identifier", value: `-${operand.text}`, line: start.line, column: start.column };
      }
      throw this.error(operand, `expected a number after '-', found ${describeToken(operand)}`);
    }
    throw this.error(start, `expected a value for field "${name}", found ${describeToken(start)}`);
  }

  private numberFrom(token: PbtxtToken & { kind: "number" }) {
    return { kind: "number" as const, value: token.value, text: token.text, isInteger: token.isInteger };
  }

  private isMessageStart(): boolean {
    return this.isPunctuation("{") || this.isPunctuation("<");
  }

  private isPunctuation(text: string): boolean {
    return this.token.kind === "punctuation" && this.token.text === text;
  }

  private advance(): void {
    this.token = this.lexer.next();
  }

  private error(at: PbtxtPosition, reason: string): PbtxtSyntaxError {
    return new PbtxtSyntaxError(this.file, at.line, at.column, reason);
  }
}
