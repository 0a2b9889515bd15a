import { createReadStream } from "node:fs";
import type { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { toAwsError } from "../aws/aws-error.js";
import { ObjectExistsError } from "../errors/index.js";
import { assertValidModel } from "../triton/index.js";
import { modelObjectLocation } from "./model-key.js";
import { objectSha256, objectSize } from "./object-exists.js";
import { packModel } from "./pack-model.js";

export interface AddModelInput {
  /** Triton model directory. */
  dir: string;
  /** Key under the models prefix, ending in .tar.gz; this is the TargetModel clients send. */
  tarballName: string;
  modelDataUrl: string;
  /** Overwrite an existing key. */
  force?: boolean;
  onProgress?: (progress: { loaded: number; total: number }) => void;
  /** Multipart part size, default 8 MiB. */
  partSize?: number;
}

export interface AddModelOutput {
  uri: string;
  bucket: string;
  key: string;
  targetModel: string;
  bytes: number;
  sha256: string;
  overwritten: boolean;
  /** The key already held these exact bytes: nothing was uploaded. */
  unchanged: boolean;
}

/**
 * Validate → pack → refuse an existing key unless force or it already holds the same bytes (so
 * re-adding what `pnpm start` seeded succeeds) → multipart upload.
 */
export async function addModel(s3: S3Client, input: AddModelInput): Promise<AddModelOutput> {
  const location = modelObjectLocation(input.modelDataUrl, input.tarballName);
  await assertValidModel(input.dir);
  const existingBytes = await objectSize(s3, location.bucket, location.key);
  const exists = existingBytes !== undefined;
  const packed = await packModel({ dir: input.dir });
  const result = { ...location, targetModel: input.tarballName, bytes: packed.bytes, sha256: packed.sha256 };
  if (exists && !input.force) {
    const same =
      existingBytes === packed.bytes &&
      (await objectSha256(s3, location.bucket, location.key)) === packed.sha256;
    await packed.cleanup();
    if (same) return { ...result, overwritten: false, unchanged: true };
    throw new ObjectExistsError(
      `${location.uri} already exists with other content; an MME caches models by key, so an endpoint that ` +
        `loaded it may keep serving the old model after an overwrite. Upload under a new name (e.g. a version ` +
        `suffix), or pass --force`,
    );
  }
  try {
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: location.bucket,
        Key: location.key,
        Body: createReadStream(packed.file),
        ContentType: "application/gzip",
        ContentLength: packed.bytes,
      },
      partSize: input.partSize ?? 8 * 1024 * 1024,
      queueSize: 4,
    });
    upload.on("httpUploadProgress", (p) =>
      input.onProgress?.({ loaded: p.loaded ?? 0, total: p.total ?? packed.bytes }),
    );
    try {
      await upload.done();
    } catch (error) {
      throw toAwsError(error, "Upload", location.uri);
    }
    input.onProgress?.({ loaded: packed.bytes, total: packed.bytes });
    return { ...result, overwritten: exists, unchanged: false };
  } finally {
    await packed.cleanup();
  }
}
