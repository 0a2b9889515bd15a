// UploadPartCopy (PUT /<bucket>/<key>?partNumber=N&uploadId=U with x-amz-copy-source and, optionally,
// x-amz-copy-source-range: bytes=first-last), which s3rver answers NotImplemented. boto3's managed copy
// (`copy`, and so the SageMaker Python SDK's MultiDataModel.add_model from S3) and `aws s3 cp/mv/sync`
// S3 → S3 use it for any object of 8 MiB or more. The part is read from the store's source object (only
// the range) and written as an uploaded part, so CompleteMultipartUpload assembles it as any other.
// Answers and errors follow S3's API reference (CopyPartResult; InvalidArgument, NoSuchKey, NoSuchUpload).
// Not supported: the x-amz-copy-source-if-* conditions (the embedded S3 keeps one version per key).
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { S3_CATALOGUE, s3Error } from "../wire/errors/s3.js";

/** The part of s3rver's FilesystemStore this route uses. */
export interface PartStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getBucket(bucket: string): Promise<unknown>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
  getObject(
    bucket: string,
    key: string,
    range?: { start: number; end: number },
  ): Promise<{ content: Readable }>;
  putPart(bucket: string, uploadId: string, partNumber: number, content: Readable): Promise<{ md5: string }>;
}

/** The Koa context fields the middleware reads and writes. */
interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const errors = S3_CATALOGUE.errors;

const RANGE = /^bytes=(\d+)-(\d+)$/;

export function uploadPartCopy(store: PartStore) {
  return async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
    const copySource = ctx.headers["x-amz-copy-source"];
    const uploadId = ctx.query.uploadId;
    const partNumber = Number(ctx.query.partNumber);
    if (ctx.method !== "PUT" || typeof copySource !== "string" || typeof uploadId !== "string") {
      return next();
    }
    const [bucket, key] = splitPath(ctx.path);
    if (!key) return next();
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw s3Error(errors.InvalidArgument, "Part number must be an integer between 1 and 10000, inclusive", {
        ArgumentName: "partNumber",
        ArgumentValue: String(ctx.query.partNumber),
      });
    }
    const source = parseCopySource(copySource);
    if (!source) {
      throw s3Error(
        errors.InvalidArgument,
        "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
        {
          ArgumentName: "x-amz-copy-source",
          ArgumentValue: copySource,
        },
      );
    }
    if (!(await store.getBucket(source.bucket))) {
      throw s3Error(errors.NoSuchBucket, "The specified bucket does not exist", {
        BucketName: source.bucket,
      });
    }
    const uploadDir = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
    if (
      !(await stat(uploadDir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      throw s3Error(
        errors.NoSuchUpload,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
        { UploadId: uploadId },
      );
    }
    if (!(await store.existsObject(source.bucket, source.key))) {
      throw s3Error(errors.NoSuchKey, "The specified key does not exist.", { Key: source.key });
    }
    const metadata = await store.getMetadata(source.bucket, source.key);
    const size = Number(metadata["content-length"]);
    const range = copyRange(ctx.headers["x-amz-copy-source-range"], size);
    const { content } = await store.getObject(source.bucket, source.key, range);
    const { md5 } = await store.putPart(bucket, uploadId, partNumber, content);
    ctx.body = {
      CopyPartResult: {
        LastModified: new Date(metadata["last-modified"] ?? Date.now()).toISOString(),
        ETag: JSON.stringify(md5),
      },
    };
  };
}

function splitPath(path: string): [string, string] {
  const slash = path.indexOf("/", 1);
  if (slash < 0) return [decodeURIComponent(path.slice(1)), ""];
  return [decodeURIComponent(path.slice(1, slash)), decodeURIComponent(path.slice(slash + 1))];
}

/** `bucket/key`, `/bucket/key`, URL-encoded, with an optional `?versionId=` (one version is kept). */
function parseCopySource(header: string): { bucket: string; key: string } | undefined {
  const path = decodeURIComponent(header.split("?")[0]!).replace(/^\//, "");
  const slash = path.indexOf("/");
  if (slash <= 0 || slash === path.length - 1) return undefined;
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** The inclusive byte range to copy: the header's, or the whole object. */
function copyRange(
  header: string | string[] | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (header === undefined) return size === 0 ? undefined : { start: 0, end: size - 1 };
  const match = typeof header === "string" ? RANGE.exec(header.trim()) : null;
  if (!match) {
    throw s3Error(
      errors.InvalidArgument,
      "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
      {
        ArgumentName: "x-amz-copy-source-range",
        ArgumentValue: String(header),
      },
    );
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (start > end || end >= size) {
    throw s3Error(errors.InvalidArgument, `Range specified is not valid for source object of size: ${size}`, {
      ArgumentName: "x-amz-copy-source-range",
      ArgumentValue: header,
    });
  }
  return { start, end };
}
