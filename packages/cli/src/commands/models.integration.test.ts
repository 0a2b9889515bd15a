import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client, packModel } from "@mme/core";
import { freePort, type MotoServer, startMotoServer } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeModel } from "../test-support/model-fixtures.js";
import { runMme } from "../test-support/run-mme.js";
import {
  S3RVER_CREDENTIALS,
  type S3rverServer,
  s3rverEnv,
  startS3rver,
} from "../test-support/s3rver-server.js";

const BUCKET = "mme-models";
let s3rver: S3rverServer;
let s3: S3Client;
let moto: MotoServer;
beforeAll(async () => {
  [s3rver, moto] = await Promise.all([startS3rver([BUCKET]), startMotoServer()]);
  s3 = createS3Client({
    region: "us-east-1",
    endpoint: s3rver.url,
    credentials: S3RVER_CREDENTIALS,
  });
});
afterAll(async () => {
  s3?.destroy();
  await Promise.all([s3rver?.stop(), moto?.stop()]);
});

const envFor = (prefix: string) => s3rverEnv(s3rver, `s3://${BUCKET}/${prefix}/`);

async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return object.Body!.transformToByteArray();
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("model tarballs on an S3-compatible server (s3rver)", () => {
  it("adds a model: the uploaded bytes are exactly the packed tarball", async () => {
    const env = envFor("roundtrip");
    const { dir } = await writeModel();
    const added = await runMme(["add-model", dir, "add_sub_v1.tar.gz", "--json"], { env });
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const result = JSON.parse(added.stdout);
    expect(result).toMatchObject({
      uri: `s3://${BUCKET}/roundtrip/add_sub_v1.tar.gz`,
      targetModel: "add_sub_v1.tar.gz",
      overwritten: false,
    });
    const uploaded = await objectBytes("roundtrip/add_sub_v1.tar.gz");
    expect(uploaded.length).toBe(result.bytes);
    expect(sha256(uploaded)).toBe(result.sha256);

    const local = await packModel({ dir });
    try {
      expect(sha256(await readFile(local.file))).toBe(sha256(uploaded));
    } finally {
      await local.cleanup();
    }
  });

  it("lists, refuses to overwrite, overwrites with --force, removes", async () => {
    const env = envFor("crud");
    const { dir } = await writeModel();
    expect((await runMme(["add-model", dir, "a.tar.gz"], { env })).stdout).toBe(
      `s3://${BUCKET}/crud/a.tar.gz\n`,
    );
    expect((await runMme(["add-model", dir, "team/b.tar.gz"], { env })).code).toBe(0);

    const listed = await runMme(["list-models", "--json"], { env });
    expect(
      JSON.parse(listed.stdout)
        .map((m: { targetModel: string }) => m.targetModel)
        .sort(),
    ).toEqual(["a.tar.gz", "team/b.tar.gz"]);
    const human = await runMme(["list-models"], { env });
    expect(human.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+\s+a\.tar\.gz$/m);

    const same = await runMme(["add-model", dir, "a.tar.gz", "--json"], { env });
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ unchanged: true, overwritten: false });
    expect(same.stderr).toContain("already holds exactly this model; nothing uploaded");

    await writeFile(join(dir, "1", "model.py"), "# another version\n", { flag: "a" });
    const refused = await runMme(["add-model", dir, "a.tar.gz"], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^ObjectExistsError: s3:\/\/mme-models\/crud\/a\.tar\.gz already exists with other content; an MME caches models by key, .* pass --force\n$/,
    );

    const forced = await runMme(["add-model", dir, "a.tar.gz", "--force", "--json"], { env });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).overwritten).toBe(true);
    expect(forced.stderr).toContain("may serve the old model");

    expect((await runMme(["remove-model", "a.tar.gz"], { env })).stdout).toBe(
      `removed s3://${BUCKET}/crud/a.tar.gz\n`,
    );
    const again = await runMme(["remove-model", "a.tar.gz"], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `ObjectNotFoundError: s3://${BUCKET}/crud/a.tar.gz does not exist (see mme list-models)\n`,
    );
    const after = JSON.parse((await runMme(["list-models", "--json"], { env })).stdout);
    expect(after.map((m: { targetModel: string }) => m.targetModel)).toEqual(["team/b.tar.gz"]);
  });

  it("clean --models deletes only under the models prefix", async () => {
    const env = {
      ...envFor("cleaned"),
      MME_ENDPOINT_URL: moto.url,
      MME_ENDPOINT_NAME: "clean-models",
      MME_ROLE: "arn:aws:iam::123456789012:role/mme-test",
      MME_IMAGE_URI: "mme/embedded-runtime:latest",
      MME_INSTANCE_TYPE: "ml.m5.large",
    };
    const { dir } = await writeModel();
    await runMme(["add-model", dir, "x.tar.gz"], { env });
    await runMme(["add-model", dir, "y.tar.gz"], { env });
    expect((await runMme(["create-endpoint", "--no-wait"], { env })).code).toBe(0);
    // Same bucket, outside the prefix (one sibling shares the prefix's first letters).
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "keep/me.tar.gz", Body: "keep" }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "cleaned-not/me.tar.gz", Body: "keep" }));

    const dry = await runMme(["clean", "--models", "--dry-run"], { env });
    const lines = dry.stdout.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "would delete:",
      "  endpoint clean-models",
      "  endpoint-config clean-models-config",
      "  model clean-models-model",
    ]);
    expect(lines.slice(4)).toEqual([
      expect.stringMatching(/^ {2}s3:\/\/mme-models\/cleaned\/x\.tar\.gz \(\d+ bytes\)$/),
      expect.stringMatching(/^ {2}s3:\/\/mme-models\/cleaned\/y\.tar\.gz \(\d+ bytes\)$/),
    ]);
    expect(dry.stdout).toContain("s3://mme-models/cleaned/x.tar.gz");
    expect(dry.stdout).not.toContain("keep/me");
    expect(dry.stdout).not.toContain("cleaned-not");

    const cleaned = await runMme(["clean", "--models", "--yes", "--json"], { env });
    expect(cleaned.code).toBe(0);
    expect(JSON.parse(cleaned.stdout).deletedObjects.sort()).toEqual([
      "s3://mme-models/cleaned/x.tar.gz",
      "s3://mme-models/cleaned/y.tar.gz",
    ]);
    expect(JSON.parse((await runMme(["list-models", "--json"], { env })).stdout)).toEqual([]);
    expect(new TextDecoder().decode(await objectBytes("keep/me.tar.gz"))).toBe("keep");
    expect(new TextDecoder().decode(await objectBytes("cleaned-not/me.tar.gz"))).toBe("keep");
    expect((await runMme(["status"], { env })).code).toBe(1);
  });

  it("says which address refused the connection", async () => {
    const port = await freePort();
    const env = { ...envFor("down"), MME_S3_ENDPOINT_URL: `http://127.0.0.1:${port}` };
    const down = await runMme(["list-models"], { env });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(
      `NetworkError: cannot reach http://127.0.0.1:${port} for ListObjectsV2 (ECONNREFUSED)\n`,
    );
  });
});
