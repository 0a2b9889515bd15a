/** Decoded pixels, row-major, `channels` bytes per pixel (3 = RGB, 4 = RGBA; alpha is ignored). */
export interface PixelImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}
