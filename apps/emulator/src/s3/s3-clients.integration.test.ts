// The embedded S3 with the clients MME users move models with, each at its default settings, every byte
// checksummed: boto3's managed transfers (upload_file, download_file, copy: multipart and UploadPartCopy
// from 8 MiB), the AWS CLI's `aws s3 cp/mv/sync` local ↔ S3 and S3 → S3 with a 100 MB model, and the
// JS SDK's @aws-sdk/lib-storage Upload; and the checksum headers those SDKs send and ask for.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsEnv } from "../test-support/aws-python-clients.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const run = promisify(execFile);
const BUCKET = LOCAL_PROFILE.bucketName;
const MiB = 1024 * 1024;

let emulator: TestEmulator;
let workDir: string;
let model20: string; // 20 MiB: multipart for boto3 and the CLI (8 MiB threshold)

beforeAll(async () => {
  emulator = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-s3-clients-"));
  model20 = join(workDir, "model20.tar.gz");
  await writeFile(model20, randomBytes(20 * MiB));
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const BOTO3_TRANSFERS = `
import json, sys, boto3, botocore.exceptions
url, bucket, local, work = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=url)
sent = []
def record(request, **kwargs):
    sent.append({"op": request.context.get("operation_name") if hasattr(request, "context") else None,
                 "headers": {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items() if k.lower().startswith("x-amz-checksum") or k.lower().startswith("x-amz-sdk-checksum")}})
s3.meta.events.register("before-send.s3.*", lambda request, **kw: record(request))
ops = []
s3.meta.events.register("before-call.s3.*", lambda model, **kw: ops.append(model.name))
s3.upload_file(local, bucket, "boto3/model.tar.gz")
s3.copy({"Bucket": bucket, "Key": "boto3/model.tar.gz"}, bucket, "boto3/copied/model.tar.gz")
s3.download_file(bucket, "boto3/model.tar.gz", work + "/boto3-down.bin")
s3.download_file(bucket, "boto3/copied/model.tar.gz", work + "/boto3-copy.bin")
small = s3.put_object(Bucket=bucket, Key="boto3/small", Body=b"hello")
try:
    s3.put_object(Bucket=bucket, Key="boto3/bad", Body=b"hello", ChecksumCRC32="AAAAAA==")
    bad = "stored"
except botocore.exceptions.ClientError as e:
    bad = e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
try:
    s3.head_object(Bucket=bucket, Key="boto3/bad")
    bad_exists = True
except botocore.exceptions.ClientError:
    bad_exists = False
print(json.dumps({"ops": ops, "sent": sent, "echo": small.get("ChecksumCRC32"), "bad": bad, "badExists": bad_exists}))
`;

describe("the embedded S3 with real clients", () => {
  it("boto3: upload_file, copy (UploadPartCopy) and download_file of a 20 MiB model, byte for byte", async () => {
    const { stdout } = await run(
      "python3",
      ["-c", BOTO3_TRANSFERS, emulator.s3Url, BUCKET, model20, workDir],
      {
        env: awsEnv(),
        maxBuffer: 16 * MiB,
      },
    );
    const { ops, sent, echo, bad, badExists } = JSON.parse(stdout) as {
      ops: string[];
      sent: { headers: Record<string, string> }[];
      echo: string;
      bad: string;
      badExists: boolean;
    };
    expect(ops).toEqual(expect.arrayContaining(["CreateMultipartUpload", "UploadPart", "UploadPartCopy"]));
    const want = await sha256File(model20);
    expect(await sha256File(join(workDir, "boto3-down.bin"))).toBe(want);
    expect(await sha256File(join(workDir, "boto3-copy.bin"))).toBe(want);
    // botocore ≥ 1.36 sends a CRC32 of each upload and part (a header over http); S3 checks it and echoes it.
    const crcs = sent.filter((s) => s.headers["x-amz-checksum-crc32"] !== undefined);
    expect(crcs.length).toBeGreaterThanOrEqual(3); // two 8 MiB parts and more, and the small PutObject
    expect(sent.some((s) => s.headers["x-amz-checksum-mode"] === "ENABLED")).toBe(true);
    expect(echo).toBe("NhCmhg=="); // CRC32 of "hello"
    expect(bad).toBe("BadDigest: The CRC32 you specified did not match the calculated checksum.");
    expect(badExists).toBe(false);
  }, 120_000);

  it("@aws-sdk/lib-storage Upload of a 20 MiB stream, then GetObject, byte for byte", async () => {
    const upload = new Upload({
      client: emulator.s3Client,
      params: { Bucket: BUCKET, Key: "sdk/model.tar.gz", Body: createReadStream(model20) },
    });
    await upload.done();
    const head = await emulator.s3Client.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: "sdk/model.tar.gz" }),
    );
    expect(head.ContentLength).toBe(20 * MiB);
    const got = await emulator.s3Client.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "sdk/model.tar.gz" }),
    );
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(await sha256File(model20));
  }, 120_000);

  it("aws s3 cp, mv and sync: a 100 MB model local → S3 → S3 → local, byte for byte", async () => {
    const big = join(workDir, "big.tar.gz");
    await writeFile(big, randomBytes(100 * 1000 * 1000));
    const want = await sha256File(big);
    const s3 = (...args: string[]) =>
      run(
        "aws",
        ["s3", ...args, "--endpoint-url", emulator.s3Url, ...(args[0] === "ls" ? [] : ["--no-progress"])],
        {
          env: awsEnv(),
          maxBuffer: 16 * MiB,
        },
      );
    await s3("cp", big, `s3://${BUCKET}/cli/big.tar.gz`);
    await s3("cp", `s3://${BUCKET}/cli/big.tar.gz`, `s3://${BUCKET}/cli/copied/big.tar.gz`);
    await s3("mv", `s3://${BUCKET}/cli/copied/big.tar.gz`, `s3://${BUCKET}/cli/moved/big.tar.gz`);
    await s3("cp", `s3://${BUCKET}/cli/moved/big.tar.gz`, join(workDir, "big-back.bin"));
    expect(await sha256File(join(workDir, "big-back.bin"))).toBe(want);
    const listed = await s3("ls", `s3://${BUCKET}/cli/`, "--recursive");
    expect(listed.stdout).not.toContain("cli/copied/big.tar.gz");

    const up = join(workDir, "sync-up");
    await mkdir(join(up, "team-a"), { recursive: true });
    await writeFile(join(up, "team-a", "small.tar.gz"), randomBytes(1000));
    await run("cp", [model20, join(up, "team-a", "model20.tar.gz")]);
    await s3("sync", up, `s3://${BUCKET}/synced/`);
    await s3("sync", `s3://${BUCKET}/synced/`, `s3://${BUCKET}/synced-copy/`);
    const down = join(workDir, "sync-down");
    await s3("sync", `s3://${BUCKET}/synced-copy/`, down);
    expect(await sha256File(join(down, "team-a", "model20.tar.gz"))).toBe(await sha256File(model20));
    expect(await readFile(join(down, "team-a", "small.tar.gz"))).toEqual(
      await readFile(join(up, "team-a", "small.tar.gz")),
    );
  }, 300_000);
});
