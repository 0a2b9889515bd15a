import { describe, expect, it } from "vitest";
import { PbtxtSyntaxError } from "./errors.js";
import { parsePbtxt } from "./parser.js";
import type { PbtxtMessage, PbtxtValue } from "./tree.js";

/** The tree as plain data, without positions, for readable expectations. */
function plain(value: PbtxtValue): unknown {
  if (value.kind === "message") return value.fields.map((f) => [f.name, plain(f.value)]);
  return value.value;
}
const parse = (text: string) => plain(parsePbtxt(text));

function syntaxError(text: string): PbtxtSyntaxError {
  try {
    parsePbtxt(text, "m/config.pbtxt");
  } catch (error) {
    if (error instanceof PbtxtSyntaxError) return error;
    throw error;
  }
  throw new Error("expected a syntax error");
}

describe("parsePbtxt", () => {
  it("reads scalars of every kind", () => {
    expect(
      parse(`name: "add_sub" max_batch_size: 8 kind: KIND_CPU rate: 0.5 neg: -3 hex: 0x1F big: 1e3 f: 2.5f`),
    ).toEqual([
      ["name", "add_sub"],
      ["max_batch_size", 8],
      ["kind", "KIND_CPU"],
      ["rate", 0.5],
      ["neg", -3],
      ["hex", 31],
      ["big", 1000],
      ["f", 2.5],
    ]);
  });

  it("keeps integer-ness and the source spelling of numbers", () => {
    const tree = parsePbtxt("a: -0x10 b: 4.0 c: .5");
    const [a, b, c] = tree.fields.map((f) => f.value);
    expect(a).toMatchObject({ kind: "number", value: -16, text: "-0x10", isInteger: true });
    expect(b).toMatchObject({ kind: "number", value: 4, isInteger: false });
    expect(c).toMatchObject({ kind: "number", value: 0.5, isInteger: false });
  });

  it("expands both list forms into repeated fields", () => {
    expect(parse("dims: [1, -1, 3] dims: 7 empty: []")).toEqual([
      ["dims", 1],
      ["dims", -1],
      ["dims", 3],
      ["dims", 7],
    ]);
    expect(
      parse(`input [ { name: "A" }, { name: "B" } ] input { name: "C" } input: [ < name: "D" > ]`),
    ).toEqual([
      ["input", [["name", "A"]]],
      ["input", [["name", "B"]]],
      ["input", [["name", "C"]]],
      ["input", [["name", "D"]]],
    ]);
  });

  it("reads nested messages with braces or angle brackets, colon optional", () => {
    expect(parse(`version_policy: { specific < versions: [1, 3] > } dynamic_batching { }`)).toEqual([
      [
        "version_policy",
        [
          [
            "specific",
            [
              ["versions", 1],
              ["versions", 3],
            ],
          ],
        ],
      ],
      ["dynamic_batching", []],
    ]);
  });

  it("skips # comments and optional , ; separators", () => {
    const text = `# leading comment
name: "m", # trailing comment
max_batch_size: 4;
input { name: "x"; dims: [2] }  # done`;
    expect(parse(text)).toEqual([
      ["name", "m"],
      ["max_batch_size", 4],
      [
        "input",
        [
          ["name", "x"],
          ["dims", 2],
        ],
      ],
    ]);
  });

  it("decodes string escapes, both quote styles and adjacent concatenation", () => {
    expect(
      parse(
        String.raw`a: "tab\tnew\nq\"s\'" b: 'it\'s' c: "x" 'y' "z" d: "\101\x42\u00e9\U0001F600" e: "\xc3\xa9"`,
      ),
    ).toEqual([
      ["a", "tab\tnew\nq\"s'"],
      ["b", "it's"],
      ["c", "xyz"],
      ["d", "ABé😀"],
      ["e", "é"],
    ]);
    expect(parse(`a: "# not a comment"`)).toEqual([["a", "# not a comment"]]);
  });

  it("records 1-based line and column of fields and values", () => {
    const tree = parsePbtxt(`name: "a"\ninput [\n  { dims: [ 4, 5 ] }\n]`);
    const input = tree.fields[1]!;
    expect(input).toMatchObject({ name: "input", line: 2, column: 1 });
    expect(input.value).toMatchObject({ kind: "message", line: 3, column: 3 });
    const dims = (input.value as PbtxtMessage).fields;
    expect(dims.map((d) => [d.value.line, d.value.column])).toEqual([
      [3, 13],
      [3, 16],
    ]);
  });

  it.each([
    [`name: "a"\ndims: [4 5]`, 2, 10, `expected ',' or ']' in the list "dims", found number 5`],
    [`name "a"`, 1, 6, `expected ':' or '{' after field name "name", found string "a"`],
    [
      `input {\n  name: "x"\n`,
      3,
      1,
      `expected '}' to close the message opened at line 1, column 7, found end of file`,
    ],
    [`input { name: "x" >`, 1, 19, `expected a field name, found '>'`],
    [`name: "abc\n"`, 1, 7, "unterminated string"],
    [`a: 1\nb: @`, 2, 4, `unexpected character "@"`],
    [`dims: [4abc]`, 1, 8, `invalid number "4abc"`],
    [`a: "\\q"`, 1, 5, "unknown escape sequence \\q"],
    [`a: -foo`, 1, 5, "expected a number after '-', found identifier foo"],
    [
      `dims [1, 2]`,
      1,
      7,
      `expected '{' in the list of messages "dims" (a list of values needs "dims: [...]"), found number 1`,
    ],
    [`a: }`, 1, 4, "expected a value for field \"a\", found '}'"],
    [`}`, 1, 1, "expected a field name, found '}'"],
  ])("reports %j at the exact line and column", (text, line, column, reason) => {
    const error = syntaxError(text);
    expect({ line: error.line, column: error.column, reason: error.reason }).toEqual({
      line,
      column,
      reason,
    });
    expect(error.file).toBe("m/config.pbtxt");
    expect(error.message).toBe(`m/config.pbtxt:${line}:${column}: ${reason}`);
  });

  it("accepts an empty document", () => {
    expect(parse("  # nothing here\n")).toEqual([]);
  });
});
