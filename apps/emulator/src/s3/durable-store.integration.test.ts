// The embedded S3 never serves a truncated object: an upload cut off by the client or by kill -9 of the
// emulator leaves no object (or the previous one) after restart; everything uploaded completely before
// a kill -9 is there afterwards. Keys the filesystem cannot hold answer as S3 does, not with 500.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import { afterAll, expect, it, vi } from "vitest";
import { startEmulatorProcess } from "../test-support/emulator-process.js";
import { startTestEmulator } from "../test-support/test-emulator.js";
import { startEmbeddedS3 } from "./embedded-s3.js";

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

const BUCKET = LOCAL_PROFILE.bucketName;

function client(url: string) {
  const s3 = createS3Client({ endpoint: url, region: "us-east-1", credentials: LOCAL_PROFILE.credentials });
  cleanup.push(() => s3.destroy());
  return s3;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function missing(s3: ReturnType<typeof client>, key: string): Promise<string> {
  return s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
    () => "present",
    (error: { name: string }) => error.name,
  );
}

/**
 * Starts an SDK PutObject of `declared` bytes whose body stalls after `sent` bytes; abort() cuts it off
 * as a killed client would.
 */
function stalledPut(s3: ReturnType<typeof client>, key: string, declared: number, sent: number) {
  const body = new PassThrough();
  body.write(Buffer.alloc(sent, 7));
  const controller = new AbortController();
  const done = s3
    .send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentLength: declared }), {
      abortSignal: controller.signal,
    })
    .then(
      () => "stored",
      () => "failed",
    );
  return { abort: () => controller.abort(), done };
}

async function partialFileAppears(folder: string, name: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const names = await readdir(folder).catch(() => [] as string[]);
      expect(names.some((n) => n.startsWith(name) || n.startsWith(".mme-partial-"))).toBe(true);
    },
    { timeout: 10_000, interval: 20 },
  );
}

it("a PUT cut off by the client leaves no object", async () => {
  const directory = await mkdtemp(join(tmpdir(), "mme-s3-cut-"));
  cleanup.push(() => rm(directory, { recursive: true, force: true }));
  const s3rver = await startEmbeddedS3({ host: "127.0.0.1", port: 0, directory, buckets: [BUCKET] });
  cleanup.push(() => s3rver.close());
  const s3 = client(s3rver.url);
  const upload = stalledPut(s3, "models/cut.tar.gz", 1_000_000, 300_000);
  await partialFileAppears(join(directory, BUCKET, "models"), "cut.tar.gz");
  upload.abort();
  expect(await upload.done).toBe("failed");
  // A complete upload after the cut one is served, and the cut one never appears.
  const whole = Buffer.alloc(200_000, 3);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "models/whole.tar.gz", Body: whole }));
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "models/whole.tar.gz" }));
  expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(whole));
  expect(await missing(s3, "models/cut.tar.gz")).toBe("NotFound");
});

it("after kill -9 mid-upload: the complete uploads are there, the cut one is not", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "mme-s3-kill-"));
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const args = ["--data-dir", dataDir, "--no-seed", "--no-default-endpoint"];
  const first = await startEmulatorProcess(args);
  cleanup.push(() => first.stop());
  const s3 = client(first.s3Url);
  const complete = Buffer.alloc(500_000, 9);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "models/done.tar.gz", Body: complete }));
  const upload = stalledPut(s3, "models/inflight.tar.gz", 2_000_000, 600_000);
  // Kill only once the server is writing the upload to disk.
  await partialFileAppears(join(dataDir, "s3", BUCKET, "models"), "inflight.tar.gz");
  first.child.kill("SIGKILL");
  await new Promise((resolve) => first.child.once("exit", resolve));
  expect(await upload.done).toBe("failed");

  const second = await startEmulatorProcess(args);
  cleanup.push(() => second.stop());
  const after = client(second.s3Url);
  const got = await after.send(new GetObjectCommand({ Bucket: BUCKET, Key: "models/done.tar.gz" }));
  expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(complete));
  expect(await missing(after, "models/inflight.tar.gz")).toBe("NotFound");
});

it("a key the filesystem cannot hold is NoSuchKey to read and KeyTooLongError to write, not 500", async () => {
  const emulator = await startTestEmulator();
  cleanup.push(() => emulator.stop());
  const key = `models/${"k".repeat(300)}.tar.gz`;
  expect(await missing(emulator.s3Client, key)).toBe("NotFound");
  const put = await emulator.s3Client
    .send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x" }))
    .then(
      () => "stored",
      (error: { name: string; $metadata: { httpStatusCode: number } }) =>
        `${error.name} ${error.$metadata.httpStatusCode}`,
    );
  expect(put).toBe("KeyTooLongError 400");
});
