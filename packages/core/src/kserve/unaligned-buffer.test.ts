import { describe, expect, it } from "vitest";
import { typedArrayFor } from "./index.js";

describe("typedArrayFor on a Node Buffer at an unaligned offset", () => {
  it("copies the bytes instead of failing (HTTP bodies arrive as Buffers at any offset)", () => {
    const body = Buffer.alloc(9);
    new DataView(body.buffer, body.byteOffset).setFloat32(1, 1.5, true);
    new DataView(body.buffer, body.byteOffset).setFloat32(5, -2.25, true);
    const values = typedArrayFor("FP32", body.subarray(1), 2);
    expect(Array.from(values as Float32Array)).toEqual([1.5, -2.25]);
  });
});
