import { readFile } from "node:fs/promises";
import type { PixelImage } from "@mme/core";
import { UsageError } from "@mme/core";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Decodes a PNG or JPEG file (by its magic bytes) to RGBA pixels. */
export async function decodeImageFile(file: string): Promise<PixelImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(
      `cannot read image ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  try {
    if (starts(PNG_SIGNATURE)) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
    }
    if (starts(JPEG_SIGNATURE)) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
      return { width: img.width, height: img.height, channels: 4, data: img.data };
    }
  } catch (error) {
    throw new UsageError(`cannot decode image ${file}: ${(error as Error).message}`);
  }
  throw new UsageError(`${file} is neither a PNG nor a JPEG image`);
}
