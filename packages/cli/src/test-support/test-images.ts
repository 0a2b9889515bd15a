// A known picture written as real PNG and JPEG files, for call-model-image tests.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";

export const PICTURE_WIDTH = 160;
export const PICTURE_HEIGHT = 120;

/** RGBA pixels: colour gradients with a bright diagonal band, so resizing and channel order both matter. */
export function knownPicture(width = PICTURE_WIDTH, height = PICTURE_HEIGHT): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const band = Math.abs(x - y * (width / height)) < 12;
      data[i] = band ? 250 : Math.round((255 * x) / (width - 1));
      data[i + 1] = band ? 240 : Math.round((255 * y) / (height - 1));
      data[i + 2] = (x * 7 + y * 3) % 256;
      data[i + 3] = 255;
    }
  }
  return data;
}

export async function writePng(dir: string, name = "picture.png"): Promise<string> {
  const png = new PNG({ width: PICTURE_WIDTH, height: PICTURE_HEIGHT });
  png.data = Buffer.from(knownPicture());
  const file = join(dir, name);
  await writeFile(file, PNG.sync.write(png));
  return file;
}

export async function writeJpeg(dir: string, name = "picture.jpg"): Promise<string> {
  const encoded = jpeg.encode({ data: knownPicture(), width: PICTURE_WIDTH, height: PICTURE_HEIGHT }, 90);
  const file = join(dir, name);
  await writeFile(file, encoded.data);
  return file;
}
