// The generic message tree of a protobuf text-format document. A repeated field appears as
// several fields of the same name, in document order, whichever syntax wrote it.

export interface PbtxtPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface PbtxtString extends PbtxtPosition {
  kind: "string";
  value: string;
}

export interface PbtxtNumber extends PbtxtPosition {
  kind: "number";
  value: number;
  /** The source spelling (with sign), e.g. "-0x1f" or "1.5f". */
  text: string;
  isInteger: boolean;
}

/** An enum value, `true`/`false`, or `inf`/`nan` spelled as words. */
export interface PbtxtIdentifier extends PbtxtPosition {
  kind: "identifier";
  value: string;
}

export type PbtxtScalar = PbtxtString | PbtxtNumber | PbtxtIdentifier;

export interface PbtxtMessage extends PbtxtPosition {
  kind: "message";
  fields: PbtxtField[];
}

export type PbtxtValue = PbtxtScalar | PbtxtMessage;

/** Positioned at the field name; `value` carries its own position (each list element its own). */
export interface PbtxtField extends PbtxtPosition {
  name: string;
  value: PbtxtValue;
}
