// Puts model tarballs where the endpoint's ModelDataUrl points, under keys no earlier run used, so
// "never loaded" holds for every cold-start and stampede target.

import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client, LOCAL_PROFILE, parseS3Prefix } from "@mme/core";

export interface ModelStoreOptions {
  /** s3://bucket/prefix/ of the endpoint; TargetModel keys are relative to it. */
  modelDataUrl: string;
  /** A custom S3 endpoint (embedded S3, MinIO); unset for AWS S3. */
  s3EndpointUrl?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export class ModelStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly #s3: S3Client;

  constructor(options: ModelStoreOptions) {
    const { bucket, key: prefix } = parseS3Prefix(options.modelDataUrl);
    this.bucket = bucket;
    this.prefix = prefix;
    this.#s3 = createS3Client({
      region: options.region,
      endpoint: options.s3EndpointUrl,
      credentials: options.credentials,
    });
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.#s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.#s3.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** Uploads `bytes` as TargetModel `targetModel` (a key relative to the prefix). */
  async put(targetModel: string, bytes: Uint8Array): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${this.prefix}${targetModel}`,
        Body: bytes,
        ContentLength: bytes.byteLength,
      }),
    );
  }

  /** Uploads many models, a few at a time (one connection each). */
  async putAll(entries: readonly (readonly [string, Uint8Array])[], concurrency = 16): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, bytes] = entries[next++]!;
        await this.put(key, bytes);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  }

  close(): void {
    this.#s3.destroy();
  }
}

/** A store on a local S3 (the emulator's embedded one) with the local profile's region and credentials. */
export function localModelStore(modelDataUrl: string, s3EndpointUrl: string): ModelStore {
  return new ModelStore({
    modelDataUrl,
    s3EndpointUrl,
    region: LOCAL_PROFILE.region,
    credentials: { ...LOCAL_PROFILE.credentials },
  });
}
