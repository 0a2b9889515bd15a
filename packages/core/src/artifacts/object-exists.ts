import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";

/** The object's size in bytes, or undefined when there is no such key. */
export async function objectSize(s3: S3Client, bucket: string, key: string): Promise<number | undefined> {
  try {
    const head = await callAws(s3, "HeadObject", () =>
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    return head.ContentLength ?? 0;
  } catch (error) {
    const e = error as { name?: string; httpStatus?: number };
    if (e.name === "NotFound" || e.name === "NoSuchKey" || e.httpStatus === 404) return undefined;
    throw error;
  }
}

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  return (await objectSize(s3, bucket, key)) !== undefined;
}

/** sha256 of the object's bytes, streamed. */
export async function objectSha256(s3: S3Client, bucket: string, key: string): Promise<string> {
  const object = await callAws(s3, "GetObject", () =>
    s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
  );
  const hash = createHash("sha256");
  for await (const chunk of object.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
