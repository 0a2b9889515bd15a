import { SettingsError } from "../errors/index.js";

export interface S3Location {
  bucket: string;
  /** Key prefix without the leading slash; "" for the bucket root, otherwise ends with "/". */
  prefix: string;
}

/** Splits `s3://bucket/some/prefix/` into bucket and key prefix. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new SettingsError(`"${url}" is not an s3://bucket/prefix URL`);
  const [, bucket = "", rest = ""] = match;
  return { bucket, prefix: rest === "" || rest.endsWith("/") ? rest : `${rest}/` };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Splits `s3://bucket/key` (an object, not a prefix). */
export function parseS3ObjectUri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new SettingsError(`"${uri}" is not an s3://bucket/key URI`);
  return { bucket: match[1]!, key: match[2]! };
}
