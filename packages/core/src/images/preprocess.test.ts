import { describe, expect, it } from "vitest";
import { IMAGENET_MEAN, IMAGENET_STD, preprocessImage } from "./preprocess.js";
import { randomImage } from "./random-image.js";
import { topK } from "./top-k.js";

describe("image preprocessing", () => {
  it("resizes a flat RGBA image to 224x224 CHW with ImageNet normalisation", () => {
    const data = new Uint8Array(10 * 6 * 4);
    for (let i = 0; i < data.length; i += 4) data.set([255, 0, 128, 255], i);
    const out = preprocessImage({ width: 10, height: 6, channels: 4, data });
    expect(out).toHaveLength(3 * 224 * 224);
    const plane = 224 * 224;
    const expected = [255, 0, 128].map((v, c) => (v / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!);
    for (const c of [0, 1, 2]) {
      expect(out[c * plane]).toBeCloseTo(expected[c]!, 5);
      expect(out[c * plane + plane - 1]).toBeCloseTo(expected[c]!, 5);
    }
  });

  it("interpolates between neighbouring pixels", () => {
    // 2x1 image black → white; the middle of the 224-wide row is mid-grey.
    const data = Uint8Array.of(0, 0, 0, 255, 255, 255);
    const out = preprocessImage(
      { width: 2, height: 1, channels: 3, data },
      { mean: [0, 0, 0], std: [1, 1, 1] },
    );
    expect(out[0]).toBe(0);
    expect(out[223]).toBe(1);
    expect(out[111]! + out[112]!).toBeCloseTo(1, 5);
  });

  it("random images are reproducible per seed", () => {
    expect(randomImage(1).data).toEqual(randomImage(1).data);
    expect(randomImage(1).data).not.toEqual(randomImage(2).data);
  });

  it("topK returns the best scores first", () => {
    expect(topK([0.1, 0.7, 0.2, 0.9], 2)).toEqual([
      { index: 3, score: 0.9 },
      { index: 1, score: 0.7 },
    ]);
  });
});
