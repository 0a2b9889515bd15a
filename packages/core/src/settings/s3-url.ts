// The one reader of s3:// URLs: a ModelDataUrl prefix, an async input or output location, an object.
import { SettingsError } from "../errors/index.js";

/** A bucket and a key in it: an object's key, or a key prefix ("" for the bucket's root). */
export interface S3Location {
  bucket: string;
  key: string;
}

const S3_URL = /^s3:\/\/([^/]+)(?:\/(.*))?$/s;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Whether `url` is `s3://<valid bucket name>[/<key>]`. */
export function isS3Url(url: string): boolean {
  const bucket = S3_URL.exec(url)?.[1];
  return bucket !== undefined && BUCKET_NAME.test(bucket);
}

/** `s3://bucket/some/key` → { bucket, key: "some/key" }; the key as written ("" when there is none). */
export function parseS3Url(url: string): S3Location {
  const match = S3_URL.exec(url);
  const bucket = match?.[1];
  if (!bucket || !BUCKET_NAME.test(bucket))
    throw new SettingsError(`"${url}" is not an s3://bucket/prefix URL`);
  return { bucket, key: match[2] ?? "" };
}

/** `s3://bucket/some/prefix` → { bucket, key: "some/prefix/" }: a key prefix, "" or ending in "/". */
export function parseS3Prefix(url: string): S3Location {
  const { bucket, key } = parseS3Url(url);
  return { bucket, key: key === "" || key.endsWith("/") ? key : `${key}/` };
}

/** `s3://bucket/key` naming an object (a non-empty key). */
export function parseS3ObjectUri(uri: string): S3Location {
  const location = isS3Url(uri) ? parseS3Url(uri) : undefined;
  if (!location?.key) throw new SettingsError(`"${uri}" is not an s3://bucket/key URI`);
  return location;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
