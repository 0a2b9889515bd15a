import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client, ValidationError } from "@mme/core";
import { EmbeddedS3ModelSource, missingModelMessage } from "@mme/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedS3, startEmbeddedS3 } from "./embedded-s3.js";

const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let dir: string;
let server: EmbeddedS3;
let source: EmbeddedS3ModelSource;
const body = randomBytes(3 * 1024 * 1024 + 17);
const small = randomBytes(4321);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mme-embedded-src-"));
  server = await startEmbeddedS3({ host: "127.0.0.1", port: 0, directory: dir, buckets: ["models"] });
  const uploader = createS3Client({ endpoint: server.url, region: "us-east-1", credentials });
  await uploader.send(new PutObjectCommand({ Bucket: "models", Key: "m/a.tar.gz", Body: body }));
  await uploader.send(new PutObjectCommand({ Bucket: "models", Key: "m/small.tar.gz", Body: small }));
  uploader.destroy();
  source = new EmbeddedS3ModelSource(server);
});

afterAll(async () => {
  await server.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("EmbeddedS3ModelSource", () => {
  it("reads the exact bytes an SDK client uploaded through the embedded S3's wire API", async () => {
    const got = await buffer((await source.download({ bucket: "models", key: "m/a.tar.gz" })) as Readable);
    expect(sha(got)).toBe(sha(body));
  });

  it("answers a small object whole (extracted in memory), byte for byte, and a large one as a stream", async () => {
    const got = await source.download({ bucket: "models", key: "m/small.tar.gz" });
    expect(got).toBeInstanceOf(Uint8Array);
    expect(sha(got as Uint8Array)).toBe(sha(small));
    expect(await source.download({ bucket: "models", key: "m/a.tar.gz" })).not.toBeInstanceOf(Uint8Array);
  });

  it("reports a missing object, a missing bucket and an impossible key with SageMaker's exact message", async () => {
    const refs = [
      { bucket: "models", key: "m/missing.tar.gz" },
      { bucket: "no-such-bucket", key: "m/a.tar.gz" },
      { bucket: "models", key: `m/${"k".repeat(300)}.tar.gz` },
    ];
    for (const ref of refs) {
      const error = await source.download(ref).catch((e: unknown) => e);
      expect(error, ref.key).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe(missingModelMessage(ref));
    }
  });

  it("never reads outside the store, whatever the bucket or key", async () => {
    await writeFile(path.join(dir, "secret.tar.gz"), "not an object");
    for (const ref of [
      { bucket: "..", key: "secret.tar.gz" },
      { bucket: "models", key: "../secret.tar.gz" },
      { bucket: "models/..", key: "secret.tar.gz" },
    ]) {
      const error = await source.download(ref).catch((e: unknown) => e);
      expect(error, `${ref.bucket}/${ref.key}`).toBeInstanceOf(ValidationError);
    }
  });

  it("stops reading when the load is abandoned", async () => {
    const controller = new AbortController();
    const stream = await source.download(
      { bucket: "models", key: "m/a.tar.gz" },
      { signal: controller.signal },
    );
    controller.abort(new Error("abandoned"));
    await expect(buffer(stream as Readable)).rejects.toThrow("abandoned");
    const aborted = source.download({ bucket: "models", key: "m/a.tar.gz" }, { signal: controller.signal });
    await expect(aborted).rejects.toThrow("abandoned");
  });
});
