import { describe, expect, it } from "vitest";
import { compileFilterPattern, InvalidFilterPattern } from "./filter-pattern.js";

describe("CloudWatch Logs term patterns", () => {
  const matches = (pattern: string | undefined, message: string) => compileFilterPattern(pattern)(message);

  it("matches every term, any ?term, no -term, quoted phrases, case-sensitively", () => {
    expect(matches(undefined, "anything")).toBe(true);
    expect(matches("ERROR", "[ERROR] boom")).toBe(true);
    expect(matches("ERROR", "[error] boom")).toBe(false);
    expect(matches("ERROR boom", "[ERROR] boom")).toBe(true);
    expect(matches("ERROR bang", "[ERROR] boom")).toBe(false);
    expect(matches("?ERROR ?WARN", "[WARN] slow")).toBe(true);
    expect(matches("?ERROR ?WARN", "[INFO] fine")).toBe(false);
    expect(matches("Model -evicted", "Model a unloaded: evicted")).toBe(false);
    expect(matches('"loaded in"', "Model a loaded in 3 ms")).toBe(true);
    expect(matches('"loaded in"', "loaded, in the end")).toBe(false);
    expect(matches('"say \\"hi\\""', 'they say "hi"')).toBe(true);
  });

  it("refuses JSON, space-delimited and regex patterns instead of matching everything", () => {
    for (const pattern of ['{ $.level = "ERROR" }', "[ip, user]", "%ERR.*%"]) {
      expect(() => compileFilterPattern(pattern)).toThrow(InvalidFilterPattern);
    }
  });
});
