import { describe, expect, it } from "vitest";
import { bytesPerElement, elementCount, typedArrayFor } from "./datatypes.js";
import { tensorToBytes } from "./tensor-bytes.js";
import { tensorFromJson, tensorToJson } from "./tensor-json.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("datatype helpers", () => {
  it("counts elements and sizes datatypes", () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([5, 0])).toBe(0);
    expect(() => elementCount([2, -1])).toThrow("shape [2, -1] has an invalid dimension -1");
    expect(bytesPerElement("BOOL")).toBe(1);
    expect(bytesPerElement("FP16")).toBe(2);
    expect(bytesPerElement("INT64")).toBe(8);
    expect(bytesPerElement("BYTES")).toBeUndefined();
  });

  it("views aligned bytes without a copy and copies unaligned ones", () => {
    const source = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const aligned = typedArrayFor("FP32", source, 3);
    expect(aligned).toEqual(new Float32Array([1, 2, 3]));
    expect((aligned as Float32Array).buffer).toBe(source.buffer);

    const shifted = new Uint8Array(13);
    shifted.set(source, 1);
    const unaligned = typedArrayFor("FP32", shifted.subarray(1), 3);
    expect(unaligned).toEqual(new Float32Array([1, 2, 3]));
    expect((unaligned as Float32Array).buffer).not.toBe(shifted.buffer);
  });

  it("splits length-prefixed BYTES elements", () => {
    expect(typedArrayFor("BYTES", new Uint8Array([0, 0, 0, 0, 2, 0, 0, 0, 0x68, 0x69]), 2)).toEqual([
      new Uint8Array(0),
      utf8("hi"),
    ]);
  });
});

describe("tensor bytes", () => {
  it("lays values out little-endian and row-major, BYTES with 4-byte lengths", () => {
    const int = tensorToBytes({ name: "i", datatype: "INT16", shape: [2], data: new Int16Array([1, -2]) });
    expect([...int]).toEqual([1, 0, 0xfe, 0xff]);
    const text = tensorToBytes({ name: "t", datatype: "BYTES", shape: [2], data: [utf8("é"), utf8("")] });
    expect([...text]).toEqual([2, 0, 0, 0, 0xc3, 0xa9, 0, 0, 0, 0]);
  });
});

describe("JSON tensors", () => {
  it("accepts nested data and flattens it row-major", () => {
    const t = tensorFromJson({
      name: "x",
      shape: [2, 2],
      datatype: "INT32",
      data: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(t).toEqual({ name: "x", shape: [2, 2], datatype: "INT32", data: new Int32Array([1, 2, 3, 4]) });
  });

  it("converts FP16 numbers to half bits and back to the nearest half value", () => {
    const t = tensorFromJson({ name: "h", shape: [3], datatype: "FP16", data: [1, 0.1, -65504] });
    expect(t.data).toEqual(new Uint16Array([0x3c00, 0x2e66, 0xfbff]));
    expect(tensorToJson(t).data).toEqual([1, 0.0999755859375, -65504]);
  });

  it("writes INT64 as numbers while exact, as strings beyond 2^53, and reads both back", () => {
    const t = tensorFromJson({ name: "n", shape: [3], datatype: "INT64", data: [5, "9007199254740993", -7] });
    expect(t.data).toEqual(new BigInt64Array([5n, 9007199254740993n, -7n]));
    expect(tensorToJson(t).data).toEqual([5, "9007199254740993", -7]);
  });

  it("writes BOOL as true/false, BYTES as strings, and non-finite floats as strings", () => {
    expect(
      tensorToJson({ name: "b", shape: [2], datatype: "BOOL", data: new Uint8Array([0, 1]) }).data,
    ).toEqual([false, true]);
    expect(
      tensorToJson({ name: "s", shape: [2], datatype: "BYTES", data: [utf8(""), utf8("ünï")] }).data,
    ).toEqual(["", "ünï"]);
    const floats = tensorToJson({
      name: "f",
      shape: [3],
      datatype: "FP64",
      data: new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, 0.5]),
    });
    expect(floats.data).toEqual(["NaN", "Infinity", 0.5]);
    expect(tensorFromJson(floats).data).toEqual(
      new Float64Array([Number.NaN, Number.POSITIVE_INFINITY, 0.5]),
    );
  });
});
