import type { PixelImage } from "./pixels.js";

/** A reproducible RGB noise image (mulberry32), standing in for the original script's random input. */
export function randomImage(seed = 0, width = 224, height = 224): PixelImage {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { width, height, channels: 3, data };
}
