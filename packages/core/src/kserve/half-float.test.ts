import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { float32ToHalfBits, halfBitsToFloat32 } from "./half-float.js";

describe("FP16 conversions", () => {
  it("encodes well-known values", () => {
    expect(float32ToHalfBits(1)).toBe(0x3c00);
    expect(float32ToHalfBits(-2)).toBe(0xc000);
    expect(float32ToHalfBits(0.1)).toBe(0x2e66);
    expect(float32ToHalfBits(65504)).toBe(0x7bff);
    expect(float32ToHalfBits(65519)).toBe(0x7bff);
    expect(float32ToHalfBits(65520)).toBe(0x7c00);
    expect(float32ToHalfBits(-Infinity)).toBe(0xfc00);
    expect(float32ToHalfBits(2 ** -24)).toBe(0x0001);
    expect(float32ToHalfBits(2 ** -26)).toBe(0x0000);
    expect(float32ToHalfBits(-0)).toBe(0x8000);
    expect(Number.isNaN(halfBitsToFloat32(float32ToHalfBits(Number.NaN)))).toBe(true);
  });

  it("round-trips every finite and infinite half value exactly", () => {
    for (let bits = 0; bits <= 0xffff; bits++) {
      const value = halfBitsToFloat32(bits);
      if (Number.isNaN(value)) continue;
      expect(float32ToHalfBits(value)).toBe(bits);
    }
  });

  it("rounds like numpy's float16 (ties to even, subnormals, overflow)", () => {
    const values = [
      0.1,
      1 / 3,
      1.00048828125,
      1.000732421875,
      2049,
      2051,
      6.1e-5,
      5.96e-8,
      3e-8,
      65519.99,
      7e4,
      -123.456,
    ];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 500; i++) values.push((next() - 0.5) * 2 ** Math.floor(next() * 44 - 28));
    const script =
      "import sys,json,warnings,numpy as np; warnings.simplefilter('ignore'); v=json.load(sys.stdin); " +
      "print(json.dumps(np.array(v,dtype=np.float64).astype(np.float16).view(np.uint16).tolist()))";
    const numpyBits = JSON.parse(
      execFileSync("python3", ["-c", script], { input: JSON.stringify(values) }).toString(),
    );
    expect(values.map(float32ToHalfBits)).toEqual(numpyBits);
  });
});
