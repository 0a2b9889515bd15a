import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await callAws(s3, "HeadObject", () => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    return true;
  } catch (error) {
    const e = error as { name?: string; httpStatus?: number };
    if (e.name === "NotFound" || e.name === "NoSuchKey" || e.httpStatus === 404) return false;
    throw error;
  }
}
