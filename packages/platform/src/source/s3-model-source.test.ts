import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client, ServiceUnavailable, ValidationError } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3, type TestS3 } from "../test-support/test-s3.js";
import { InvalidModelLocationError } from "./errors.js";
import { S3ModelSource } from "./s3-model-source.js";
import { resolveTarget } from "./s3-url.js";

const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
let dir: string;
let server: TestS3;
let endpoint: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mme-s3src-"));
  server = await startTestS3({ directory: dir, buckets: ["models"] });
  endpoint = server.url;
});

afterAll(async () => {
  await server.close().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe("resolveTarget", () => {
  it("refuses a ModelDataUrl that is not s3://bucket/prefix (core's parseS3Url reads it)", () => {
    expect(() => resolveTarget("https://my-bucket/models/", "a.tar.gz")).toThrow(InvalidModelLocationError);
  });

  it("appends the TargetModel to the prefix", () => {
    expect(resolveTarget("s3://b-1/models/", "team/a.tar.gz")).toEqual({
      bucket: "b-1",
      key: "models/team/a.tar.gz",
    });
    expect(resolveTarget("s3://b-1/models", "a.tar.gz")).toEqual({ bucket: "b-1", key: "models/a.tar.gz" });
    expect(resolveTarget("s3://b-1", "a.tar.gz")).toEqual({ bucket: "b-1", key: "a.tar.gz" });
  });

  it("refuses targets that would escape the prefix", () => {
    for (const target of [
      "../other/a.tar.gz",
      "team/../../a.tar.gz",
      "/abs.tar.gz",
      "./a.tar.gz",
      "a\\..\\b",
      "",
    ]) {
      expect(() => resolveTarget("s3://b-1/models/", target), target).toThrow(InvalidModelLocationError);
    }
  });
});

describe("S3ModelSource against s3rver", () => {
  it("streams the object's exact bytes", async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const uploader = createS3Client({ endpoint, region: "us-east-1", credentials });
    await uploader.send(new PutObjectCommand({ Bucket: "models", Key: "m/a.tar.gz", Body: body }));
    uploader.destroy();

    const source = new S3ModelSource({ endpoint, credentials });
    const got = await buffer(await source.download({ bucket: "models", key: "m/a.tar.gz" }));
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(sha(got)).toBe(sha(body));
    source.close();
  });

  it("reports a missing object with SageMaker's exact ValidationError message", async () => {
    const source = new S3ModelSource({ endpoint, credentials });
    const error = await source
      .download({ bucket: "models", key: "m/missing.tar.gz" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      "Failed to download model data(bucket: models, key: m/missing.tar.gz). Please ensure that there is an object " +
        "located at the URL and that the role passed to CreateModel has permissions to download the model.",
    );
    source.close();
  });

  it("reports S3 being down as ServiceUnavailable naming the object", async () => {
    const down = await startTestS3({ directory: dir, buckets: [] });
    await down.close();
    const source = new S3ModelSource({ endpoint: down.url, credentials });
    const error = await source.download({ bucket: "models", key: "m/a.tar.gz" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect((error as Error).message).toMatch(/bucket: models, key: m\/a\.tar\.gz.*S3 is unreachable/);
    source.close();
  });
});
