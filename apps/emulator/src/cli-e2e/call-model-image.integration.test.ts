// call-model-image with real PNG and JPEG files against the emulator serving the small image model: what
// it prints must equal the top-5 of running the same preprocessing through the runtime directly.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeJpeg, writePng } from "@mme/cli/test-support";
import {
  type ClassScore,
  decodeInferenceResponse,
  encodeInferenceRequest,
  type PixelImage,
  preprocessImage,
  topK,
} from "@mme/core";
import { EmbeddedRuntime } from "@mme/runtime";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalEmulator,
  startLocalEmulator,
  writeSmallImageModel,
} from "../test-support/local-emulator.js";

const TARGET = "small_image_v0.tar.gz";

let local: LocalEmulator;
let runtime: EmbeddedRuntime;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-cli-image-"));
  local = await startLocalEmulator();
  runtime = new EmbeddedRuntime({ env: { ...process.env, MME_LOG_LEVEL: "silent" } });
  const loaded = await runtime.load("small_image", await writeSmallImageModel(join(workDir, "repo")));
  expect(loaded.status).toBe(200);
});
afterAll(async () => {
  await runtime?.close();
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Decode → resize/normalise → INPUT__0 [1,3,224,224] → EmbeddedRuntime → top-5 of OUTPUT__0. */
async function expectedTop5(pixels: PixelImage): Promise<ClassScore[]> {
  const request = encodeInferenceRequest(
    {
      inputs: [
        { name: "INPUT__0", datatype: "FP32", shape: [1, 3, 224, 224], data: preprocessImage(pixels) },
      ],
    },
    { binary: false },
  );
  const reply = await runtime.invoke("small_image", request.body, { "content-type": request.contentType });
  expect(reply.status).toBe(200);
  const decoded = decodeInferenceResponse(reply.body, { contentType: reply.headers["content-type"] });
  const scores = decoded.outputs.find((t) => t.name === "OUTPUT__0")!;
  return topK(Array.from(scores.data as Float32Array), 5);
}

async function decodePng(file: string): Promise<PixelImage> {
  const png = PNG.sync.read(await readFile(file));
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
}

async function decodeJpeg(file: string): Promise<PixelImage> {
  const img = jpeg.decode(await readFile(file), { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, channels: 4, data: img.data };
}

function parsePrinted(stdout: string): ClassScore[] {
  return stdout
    .trimEnd()
    .split("\n")
    .map((line) => {
      const match = /^class (\d+)\s+(-?\d+\.\d{4})$/.exec(line);
      if (!match) throw new Error(`unexpected line: ${JSON.stringify(line)}`);
      return { index: Number(match[1]), score: Number(match[2]) };
    });
}

async function jsonTop(extra: string[]): Promise<ClassScore[]> {
  const run = await local.mme(["call-model-image", TARGET, "--json", ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const json = JSON.parse(run.stdout) as { targetModel: string; output: string; top: ClassScore[] };
  expect(json).toMatchObject({ targetModel: TARGET, output: "OUTPUT__0" });
  return json.top;
}

function expectSameTop(actual: ClassScore[], expected: ClassScore[]): void {
  expect(actual.map((c) => c.index)).toEqual(expected.map((c) => c.index));
  actual.forEach((c, i) => {
    expect(c.score).toBeCloseTo(expected[i]!.score, 5);
  });
}

describe.each([
  { format: "PNG", write: writePng, decode: decodePng },
  { format: "JPEG", write: writeJpeg, decode: decodeJpeg },
])("mme call-model-image --image <$format>", ({ write, decode }) => {
  it("prints the top-5 the runtime gives for the same preprocessed picture", async () => {
    const file = await write(workDir);
    const expected = await expectedTop5(await decode(file));

    const printed = await local.mme(["call-model-image", TARGET, "--image", file]);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toBe("");
    const rows = parsePrinted(printed.stdout);
    expect(rows.map((r) => r.index)).toEqual(expected.map((c) => c.index));
    expect(rows.map((r) => r.score.toFixed(4))).toEqual(expected.map((c) => c.score.toFixed(4)));
  });

  it("gives the same data with --json", async () => {
    const file = await write(workDir);
    expectSameTop(await jsonTop(["--image", file]), await expectedTop5(await decode(file)));
  });

  it("gives the same data with --binary tensors", async () => {
    const file = await write(workDir);
    expectSameTop(await jsonTop(["--image", file, "--binary"]), await expectedTop5(await decode(file)));
  });
});

describe("mme call-model-image, bad images", () => {
  it("a missing file is a usage error, in one line", async () => {
    const missing = join(workDir, "no-such-picture.png");
    expect(await local.mme(["call-model-image", TARGET, "--image", missing])).toEqual({
      code: 2,
      stdout: "",
      stderr: `UsageError: cannot read image ${missing}: ENOENT\n`,
    });
  });

  it("a file that is neither PNG nor JPEG is a usage error, in one line", async () => {
    const gif = join(workDir, "picture.gif");
    await writeFile(gif, Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"));
    expect(await local.mme(["call-model-image", TARGET, "--image", gif])).toEqual({
      code: 2,
      stdout: "",
      stderr: `UsageError: ${gif} is neither a PNG nor a JPEG image\n`,
    });
  });
});
