import type { PixelImage } from "./pixels.js";

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export interface PreprocessOptions {
  size?: number;
  mean?: readonly [number, number, number];
  std?: readonly [number, number, number];
}

/**
 * Bilinear resize to size×size (default 224), scale to [0,1], normalise with the ImageNet mean/std,
 * and lay out as CHW: the `INPUT__0` [3,224,224] FP32 layout torchvision-trained classifiers expect.
 */
export function preprocessImage(image: PixelImage, options: PreprocessOptions = {}): Float32Array {
  const { size = 224, mean = IMAGENET_MEAN, std = IMAGENET_STD } = options;
  const { width, height, channels, data } = image;
  if (width < 1 || height < 1 || data.length < width * height * channels) {
    throw new RangeError(`image data (${data.length} bytes) does not match ${width}x${height}x${channels}`);
  }
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  // Align pixel centres (as PIL/OpenCV do) so a resize of a flat image stays flat.
  const scaleX = width / size;
  const scaleY = height / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = sx - x0;
      const i00 = (y0 * width + x0) * channels;
      const i01 = (y0 * width + x1) * channels;
      const i10 = (y1 * width + x0) * channels;
      const i11 = (y1 * width + x1) * channels;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c]! * (1 - wx) + data[i01 + c]! * wx;
        const bottom = data[i10 + c]! * (1 - wx) + data[i11 + c]! * wx;
        const value = (top * (1 - wy) + bottom * wy) / 255;
        out[c * plane + y * size + x] = (value - mean[c]!) / std[c]!;
      }
    }
  }
  return out;
}
