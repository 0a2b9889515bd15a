import type { PbtxtField, PbtxtMessage, PbtxtPosition, PbtxtScalar, PbtxtValue } from "./pbtxt/tree.js";

export interface ConfigIssue extends PbtxtPosition {
  message: string;
}

const TRUE_WORDS = new Set(["true", "True", "t"]);
const FALSE_WORDS = new Set(["false", "False", "f"]);

export function describeValue(value: PbtxtValue): string {
  switch (value.kind) {
    case "string":
      return JSON.stringify(value.value);
    case "number":
      return value.text;
    case "identifier":
      return value.value;
    case "message":
      return "a message";
  }
}

/**
 * Typed reads of one message of the tree. Every mistake becomes an issue at the position of the
 * offending value, and reading goes on, so one pass reports every problem.
 */
export class MessageReader {
  constructor(
    readonly message: PbtxtMessage,
    /** How messages name this message, e.g. `input "INPUT0"`. */
    readonly label: string,
    private readonly issues: ConfigIssue[],
    knownFields?: readonly string[],
  ) {
    if (knownFields) this.reportUnknownFields(knownFields);
  }

  /** Records a problem, prefixed with this message's label. */
  issue(at: PbtxtPosition, message: string): void {
    const labelled = this.label === "" ? message : `${this.label}: ${message}`;
    this.issues.push({ line: at.line, column: at.column, message: labelled });
  }

  fields(name: string): PbtxtField[] {
    return this.message.fields.filter((f) => f.name === name);
  }

  /** The one value of a non-repeated field; a second occurrence is an issue (as in protobuf). */
  single(name: string): PbtxtField | undefined {
    const found = this.fields(name);
    if (found.length > 1) this.issue(found[1]!, `"${name}" is set more than once`);
    return found[0];
  }

  string(name: string): string | undefined {
    const field = this.single(name);
    if (!field) return undefined;
    return this.asString(field);
  }

  integer(name: string): number | undefined {
    const field = this.single(name);
    return field ? this.asInteger(field) : undefined;
  }

  integers(name: string): { value: number; at: PbtxtPosition }[] {
    const values: { value: number; at: PbtxtPosition }[] = [];
    for (const field of this.fields(name)) {
      const value = this.asInteger(field);
      if (value !== undefined) values.push({ value, at: field.value });
    }
    return values;
  }

  boolean(name: string): boolean | undefined {
    const field = this.single(name);
    if (!field) return undefined;
    const v = field.value;
    if (v.kind === "identifier" && TRUE_WORDS.has(v.value)) return true;
    if (v.kind === "identifier" && FALSE_WORDS.has(v.value)) return false;
    if (v.kind === "number" && (v.text === "0" || v.text === "1")) return v.value === 1;
    this.issue(v, `"${name}" must be true or false, found ${describeValue(v)}`);
    return undefined;
  }

  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const field = this.single(name);
    if (!field) return undefined;
    const v = field.value;
    if (v.kind === "identifier" && (allowed as readonly string[]).includes(v.value)) return v.value as T;
    this.issue(v, `unknown ${name} ${describeValue(v)} (expected one of ${allowed.join(", ")})`);
    return undefined;
  }

  child(name: string, label: string, knownFields?: readonly string[]): MessageReader | undefined {
    const field = this.single(name);
    return field ? this.asChild(field, label, knownFields) : undefined;
  }

  children(
    name: string,
    label: (field: PbtxtField, index: number) => string,
    knownFields?: readonly string[],
  ): MessageReader[] {
    return this.fields(name).flatMap((field, index) => {
      const reader = this.asChild(field, label(field, index), knownFields);
      return reader ? [reader] : [];
    });
  }

  asString(field: PbtxtField): string | undefined {
    if (field.value.kind === "string") return field.value.value;
    this.issue(field.value, `"${field.name}" must be a quoted string, found ${describeValue(field.value)}`);
    return undefined;
  }

  asInteger(field: PbtxtField): number | undefined {
    const v = field.value;
    if (v.kind === "number" && v.isInteger && Number.isSafeInteger(v.value)) return v.value;
    this.issue(v, `"${field.name}" must be an integer, found ${describeValue(v)}`);
    return undefined;
  }

  private asChild(
    field: PbtxtField,
    label: string,
    knownFields?: readonly string[],
  ): MessageReader | undefined {
    if (field.value.kind === "message")
      return new MessageReader(field.value, label, this.issues, knownFields);
    const scalar: PbtxtScalar = field.value;
    this.issue(scalar, `"${field.name}" must be a message { ... }, found ${describeValue(scalar)}`);
    return undefined;
  }

  private reportUnknownFields(known: readonly string[]): void {
    for (const field of this.message.fields) {
      if (known.includes(field.name)) continue;
      const guess = closestName(field.name, known);
      this.issue(field, `unknown field "${field.name}"${guess ? ` (did you mean "${guess}"?)` : ""}`);
    }
  }
}

function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
