import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createGzip, gzipSync } from "node:zlib";
import * as tar from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ArchiveError } from "./errors.js";
import { safeExtract } from "./safe-extract.js";

// Hostile archives are hand-written: tar's own packer refuses to produce them.
type EntryType = "0" | "1" | "2" | "3" | "5";
interface HandEntry {
  name: string;
  type?: EntryType;
  size?: number;
  linkpath?: string;
}

function header({ name, type = "0", size = 0, linkpath = "" }: HandEntry): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write("0000644\0", 100, "ascii");
  block.write("0000000\0", 108, "ascii");
  block.write("0000000\0", 116, "ascii");
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  block.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, "0")}\0`,
    136,
    "ascii",
  );
  block.write(type, 156, "ascii");
  block.write(linkpath, 157, 100, "utf8");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

function tarOf(entries: (HandEntry & { data?: Buffer })[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.data ?? Buffer.alloc(0);
    parts.push(header({ ...entry, size: entry.type && entry.type !== "0" ? 0 : data.length }));
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const targz = (entries: (HandEntry & { data?: Buffer })[]) => Readable.from([gzipSync(tarOf(entries))]);

/** A gzip stream produced lazily: extraction that stops early never makes the rest. */
function lazyTarGz(blocks: () => Generator<Buffer>, produced: { bytes: number }): Readable {
  function* counted() {
    for (const block of blocks()) {
      produced.bytes += block.length;
      yield block;
    }
  }
  return Readable.from(counted()).pipe(createGzip({ level: 1 }));
}

let base: string;
let cacheRoot: string;
let dest: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), "mme-extract-"));
  cacheRoot = path.join(base, "cache");
  dest = path.join(cacheRoot, "abc123", "model");
  await mkdir(path.dirname(dest), { recursive: true });
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function expectRefused(archive: Readable | Uint8Array, problem: string, limits = {}): Promise<void> {
  const error = await safeExtract(archive, dest, limits).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ArchiveError);
  expect((error as ArchiveError).problem).toBe(problem);
  // Nothing outside the cache folder, nothing half-written inside it.
  expect(await readdir(base)).toEqual(["cache"]);
  expect(await readdir(path.dirname(dest))).toEqual([]);
}

describe("safeExtract", () => {
  it("extracts a Triton model tarball made by tar and reports the bytes written", async () => {
    const src = path.join(base, "src");
    await mkdir(path.join(src, "add_sub", "1"), { recursive: true });
    await writeFile(path.join(src, "add_sub", "config.pbtxt"), 'name: "add_sub"\nbackend: "python"\n');
    await writeFile(path.join(src, "add_sub", "1", "model.py"), "class TritonPythonModel: pass\n");
    const archive = tar.c({ gzip: true, cwd: src }, ["add_sub"]) as unknown as Readable;

    const bytes = await safeExtract(archive, dest);

    expect(await readFile(path.join(dest, "add_sub", "config.pbtxt"), "utf8")).toContain("add_sub");
    expect(bytes).toBe(34 + 30);
    expect(await readdir(path.dirname(dest))).toEqual(["model"]);
  });

  it("replaces what an earlier extraction left in the destination", async () => {
    await mkdir(path.join(dest, "old", "1"), { recursive: true });
    await writeFile(path.join(dest, "old", "config.pbtxt"), 'name: "old"\n');

    await safeExtract(targz([{ name: "new/config.pbtxt", data: Buffer.from('name: "new"\n') }]), dest);

    expect(await readdir(dest)).toEqual(["new"]);
    expect(await readdir(path.dirname(dest))).toEqual(["model"]);
  });

  it("keeps links that stay inside the model folder", async () => {
    const data = Buffer.from("weights");
    await safeExtract(
      targz([
        { name: "m/1/model.onnx", data },
        { name: "m/2", type: "2", linkpath: "1" },
        { name: "m/copy.onnx", type: "1", linkpath: "m/1/model.onnx" },
      ]),
      dest,
    );
    expect(await readFile(path.join(dest, "m", "2", "model.onnx"), "utf8")).toBe("weights");
    expect(await readFile(path.join(dest, "m", "copy.onnx"), "utf8")).toBe("weights");
  });

  it("refuses an entry that climbs out with ../", async () => {
    await expectRefused(targz([{ name: "../../../evil.txt", data: Buffer.from("x") }]), "unsafe-path");
  });

  it("refuses an absolute path", async () => {
    const target = path.join(base, "absolute-evil.txt");
    await expectRefused(targz([{ name: target, data: Buffer.from("x") }]), "unsafe-path");
    await expect(stat(target)).rejects.toThrow();
  });

  it("refuses a symlink pointing outside, before anything is written through it", async () => {
    await expectRefused(
      targz([
        { name: "m/config.pbtxt", data: Buffer.from("x") },
        { name: "m/out", type: "2", linkpath: "../../../.." },
        { name: "m/out/evil.txt", data: Buffer.from("x") },
      ]),
      "unsafe-link",
    );
    await expectRefused(targz([{ name: "etc", type: "2", linkpath: "/etc" }]), "unsafe-link");
  });

  it("refuses a hardlink pointing outside", async () => {
    await expectRefused(targz([{ name: "passwd", type: "1", linkpath: "/etc/passwd" }]), "unsafe-link");
    await expectRefused(targz([{ name: "x", type: "1", linkpath: "../../secret" }]), "unsafe-link");
  });

  it("refuses device files", async () => {
    await expectRefused(targz([{ name: "null", type: "3" }]), "unsupported-entry");
  });

  it("stops 100k tiny entries at the entry limit without reading the rest", async () => {
    const produced = { bytes: 0 };
    const archive = lazyTarGz(function* () {
      for (let i = 0; i < 100_000; i++) yield header({ name: `m/f${i}` });
      yield Buffer.alloc(1024);
    }, produced);
    await expectRefused(archive, "too-many-entries", { maxEntries: 10_000 });
    expect(produced.bytes).toBeLessThan(100_000 * 512);
  });

  it("stops a 1 GB-when-extracted bomb of zeros at the byte limit", async () => {
    const produced = { bytes: 0 };
    const zeros = Buffer.alloc(1024 * 1024);
    const archive = lazyTarGz(function* () {
      for (let file = 0; file < 64; file++) {
        yield header({ name: `m/zeros${file}.bin`, size: 16 * zeros.length });
        for (let i = 0; i < 16; i++) yield zeros;
      }
      yield Buffer.alloc(1024);
    }, produced);
    await expectRefused(archive, "too-large", { maxBytes: 40 * 1024 * 1024 });
    expect(produced.bytes).toBeLessThan(128 * 1024 * 1024);
  });

  it("refuses a single entry whose declared size is over the limit, at its header", async () => {
    const produced = { bytes: 0 };
    const archive = lazyTarGz(function* () {
      yield header({ name: "m/huge.bin", size: 1024 ** 3 });
      for (let i = 0; i < 1024; i++) yield Buffer.alloc(1024 * 1024);
      yield Buffer.alloc(1024);
    }, produced);
    await expectRefused(archive, "too-large", { maxBytes: 100 * 1024 * 1024 });
    expect(produced.bytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("reports a truncated gzip as a corrupt archive", async () => {
    const whole = gzipSync(tarOf([{ name: "m/a.bin", data: Buffer.alloc(200_000, 7) }]));
    await expectRefused(Readable.from([whole.subarray(0, whole.length - 100)]), "corrupt");
  });

  it("reports a gzip holding a truncated tar as a corrupt archive", async () => {
    const tarBytes = tarOf([{ name: "m/a.bin", data: Buffer.alloc(5000, 7) }]);
    await expectRefused(Readable.from([gzipSync(tarBytes.subarray(0, 2000))]), "corrupt");
  });

  it("reports bytes that are not gzip at all as a corrupt archive", async () => {
    await expectRefused(
      Readable.from([Buffer.from("this is not a tarball, just text".repeat(40))]),
      "corrupt",
    );
  });

  it("passes a failure of the byte source through unchanged and leaves nothing behind", async () => {
    const failing = new Readable({
      read() {
        this.destroy(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      },
    });
    const error = await safeExtract(failing, dest).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ArchiveError);
    expect((error as { code?: string }).code).toBe("ECONNRESET");
    expect(await readdir(path.dirname(dest))).toEqual([]);
  });
});

describe("safeExtract of a whole archive in memory (a small object from the embedded S3)", () => {
  const whole = (entries: (HandEntry & { data?: Buffer })[]) => gzipSync(tarOf(entries));

  it("writes the same files as the stream, and reports the same bytes", async () => {
    const archive = whole([
      { name: "m/config.pbtxt", data: Buffer.from('name: "m"\nbackend: "onnxruntime"\n') },
      { name: "m/1/model.onnx", data: Buffer.alloc(3000, 9) },
      { name: "m/2", type: "2", linkpath: "1" },
    ]);
    const bytes = await safeExtract(archive, dest);
    expect(bytes).toBe(33 + 3000);
    expect(await readFile(path.join(dest, "m", "config.pbtxt"), "utf8")).toContain("onnxruntime");
    expect((await readFile(path.join(dest, "m", "2", "model.onnx"))).equals(Buffer.alloc(3000, 9))).toBe(
      true,
    );
    expect(await readdir(path.dirname(dest))).toEqual(["model"]);
  });

  it("refuses what the stream refuses, leaving nothing behind", async () => {
    await expectRefused(whole([{ name: "../../../evil.txt", data: Buffer.from("x") }]), "unsafe-path");
    await expectRefused(
      whole([
        { name: "m/out", type: "2", linkpath: "../../../.." },
        { name: "m/out/evil.txt", data: Buffer.from("x") },
      ]),
      "unsafe-link",
    );
    await expectRefused(whole([{ name: "passwd", type: "1", linkpath: "/etc/passwd" }]), "unsafe-link");
    await expectRefused(whole([{ name: "null", type: "3" }]), "unsupported-entry");
    await expectRefused(
      whole(Array.from({ length: 20 }, (_, i) => ({ name: `m/f${i}`, data: Buffer.from("x") }))),
      "too-many-entries",
      { maxEntries: 10 },
    );
    await expectRefused(whole([{ name: "m/a.bin", data: Buffer.alloc(5000) }]), "too-large", {
      maxBytes: 4000,
    });
  });

  it("reports truncated or non-gzip bytes as a corrupt archive", async () => {
    const gz = whole([{ name: "m/a.bin", data: Buffer.alloc(200_000, 7) }]);
    await expectRefused(gz.subarray(0, gz.length - 100), "corrupt");
    const tarBytes = tarOf([{ name: "m/a.bin", data: Buffer.alloc(5000, 7) }]);
    await expectRefused(gzipSync(tarBytes.subarray(0, 2000)), "corrupt");
    await expectRefused(Buffer.from("this is not a tarball, just text".repeat(40)), "corrupt");
  });

  it("streams an archive too large to decompress in memory, and still stops a bomb at the byte limit", async () => {
    // 64 MiB of zeros in well under 1 MiB of gzip: past the in-memory pass's bound, so the stream takes it.
    const bomb = gzipSync(tarOf([{ name: "m/zeros.bin", data: Buffer.alloc(64 * 1024 * 1024) }]), {
      level: 9,
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expectRefused(bomb, "too-large", { maxBytes: 40 * 1024 * 1024 });
    const big = gzipSync(tarOf([{ name: "m/zeros.bin", data: Buffer.alloc(12 * 1024 * 1024) }]));
    expect(await safeExtract(big, dest)).toBe(12 * 1024 * 1024);
    expect((await stat(path.join(dest, "m", "zeros.bin"))).size).toBe(12 * 1024 * 1024);
  });
});
