import type { PbtxtPosition } from "./tree.js";

export type PbtxtPunctuation = "{" | "}" | "<" | ">" | "[" | "]" | ":" | "," | ";" | "-";

export type PbtxtToken = PbtxtPosition &
  (
    | { kind: "identifier"; text: string }
    | { kind: "number"; text: string; value: number; isInteger: boolean }
    | { kind: "string"; text: string; value: string }
    | { kind: "punctuation"; text: PbtxtPunctuation }
    | { kind: "eof"; text: "" }
  );

/** How an error message names a token: `'{'`, `identifier foo`, `end of file`. */
export function describeToken(token: PbtxtToken): string {
  switch (token.kind) {
    case "identifier":
      return `identifier ${token.text}`;
    case "number":
      return `number ${token.text}`;
    case "string":
      return `string ${token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text}`;
    case "punctuation":
      return `'${token.text}'`;
    case "eof":
      return "end of file";
  }
}
