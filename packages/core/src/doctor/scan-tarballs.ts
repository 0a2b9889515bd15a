import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import pMap from "p-map";
import { Parser } from "tar";
import type { ModelObject } from "../artifacts/list-models.js";
import { toAwsError } from "../aws/aws-error.js";
import type { ModelProblem } from "../errors/mme-errors.js";
import { validateModelTarball } from "../triton/index.js";

export interface TarballScan {
  targetModel: string;
  uri: string;
  /** Compressed size in S3. */
  bytes: number;
  /** Sum of the archive's entry sizes; undefined when the archive could not be read. */
  unpackedBytes?: number;
  modelName?: string;
  backend?: string;
  problems: ModelProblem[];
}

export interface ScanProgress {
  done: number;
  total: number;
  bytesRead: number;
  totalBytes: number;
}

/**
 * Downloads each tarball as a stream to a scratch file (counting its unpacked size on the way) and
 * validates it with the same rules the emulator serves by (validateModelTarball), several at once.
 */
export async function scanTarballs(
  s3: S3Client,
  input: {
    bucket: string;
    objects: readonly ModelObject[];
    concurrency?: number;
    onProgress?: (p: ScanProgress) => void;
  },
): Promise<TarballScan[]> {
  const scratch = await mkdtemp(join(tmpdir(), "mme-doctor-"));
  const progress: ScanProgress = {
    done: 0,
    total: input.objects.length,
    bytesRead: 0,
    totalBytes: input.objects.reduce((sum, o) => sum + o.size, 0),
  };
  input.onProgress?.({ ...progress });
  try {
    return await pMap(
      input.objects,
      async (object, index) => {
        const result = await scanOne(s3, input.bucket, object, join(scratch, String(index)), (n) => {
          progress.bytesRead += n;
          input.onProgress?.({ ...progress });
        });
        progress.done++;
        input.onProgress?.({ ...progress });
        return result;
      },
      { concurrency: input.concurrency ?? 4 },
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function scanOne(
  s3: S3Client,
  bucket: string,
  object: ModelObject,
  dir: string,
  onBytes: (n: number) => void,
): Promise<TarballScan> {
  const base = { targetModel: object.targetModel, uri: object.uri, bytes: object.size };
  await mkdir(dir, { recursive: true });
  const file = join(dir, basename(object.key));
  let unpackedBytes = 0;
  let readable = true;
  const parser = new Parser({
    onReadEntry: (entry) => {
      unpackedBytes += entry.size ?? 0;
      entry.resume();
    },
  });
  parser.on("error", () => {
    readable = false;
  });
  parser.on("warn", (code: string) => {
    if (code !== "TAR_ENTRY_INFO") readable = false;
  });
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.key }));
    const count = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        onBytes(chunk.length);
        if (readable) parser.write(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        parser.end();
        callback();
      },
    });
    await pipeline(response.Body as NodeJS.ReadableStream, count, createWriteStream(file));
  } catch (error) {
    const e = toAwsError(error, "GetObject", object.uri);
    return {
      ...base,
      problems: [{ file: object.targetModel, message: `cannot download: ${e.name}: ${e.message}` }],
    };
  }
  const report = await validateModelTarball(file);
  return {
    ...base,
    ...(readable ? { unpackedBytes } : {}),
    modelName: report.modelName,
    ...(report.config?.backend || report.config?.platform
      ? { backend: report.config.backend || report.config.platform }
      : {}),
    problems: report.problems,
  };
}
