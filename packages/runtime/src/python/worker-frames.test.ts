import type { Tensor } from "@mme/core/kserve";
import { describe, expect, it } from "vitest";
import { decodeTensors, encodeFrame, encodeTensors, FrameReader, type WorkerFrame } from "./worker-frames.js";

describe("worker frames", () => {
  it("reassembles frames split at any byte and carries tensors as raw bytes", () => {
    const tensors: Tensor[] = [
      { name: "x", datatype: "FP32", shape: [2, 2], data: new Float32Array([1.5, -2, 3, 4]) },
      {
        name: "s",
        datatype: "BYTES",
        shape: [2],
        data: [new TextEncoder().encode("héllo"), new Uint8Array()],
      },
      { name: "i", datatype: "INT64", shape: [1], data: new BigInt64Array([-(2n ** 40n)]) },
    ];
    const { descriptors, parts } = encodeTensors(tensors);
    const wire = Buffer.concat([
      ...encodeFrame({ id: 1, tensors: descriptors }, parts),
      ...encodeFrame({ id: 2, ok: true }),
    ]);
    for (const step of [1, 3, 7, wire.byteLength]) {
      const frames: WorkerFrame[] = [];
      const reader = new FrameReader((f) => frames.push(f));
      for (let i = 0; i < wire.byteLength; i += step) reader.push(wire.subarray(i, i + step));
      expect(frames.map((f) => f.header.id)).toEqual([1, 2]);
      const decoded = decodeTensors(frames[0]!.header.tensors as typeof descriptors, frames[0]!.payload);
      expect(decoded).toEqual(tensors);
    }
  });
});
