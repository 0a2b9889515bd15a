// Model archives from the emulator's own embedded S3, read from its store in-process: the same bytes a GET
// answers, without an HTTP round trip to ourselves (SDK, SigV4, s3rver's middleware: most of a small
// model's cold start). An external S3 (MME_S3_URL) goes through S3ModelSource.

import type { Readable } from "node:stream";
import { type S3Location, ServiceUnavailable, ValidationError } from "@mme/core";
import type { ModelSource } from "./model-source.js";
import { missingModelMessage } from "./s3-model-source.js";

/** The part of the embedded S3 this source reads through. */
export interface ObjectReader {
  readObject(bucket: string, key: string): Promise<Readable | undefined>;
}

export class EmbeddedS3ModelSource implements ModelSource {
  constructor(private readonly store: ObjectReader) {}

  async download(ref: S3Location, opts: { signal?: AbortSignal } = {}): Promise<Readable> {
    opts.signal?.throwIfAborted();
    let body: Readable | undefined;
    try {
      body = await this.store.readObject(ref.bucket, ref.key);
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).name;
      throw new ServiceUnavailable(
        `Failed to download model data(bucket: ${ref.bucket}, key: ${ref.key}): the embedded S3 could not read it (${reason}: ${(error as Error).message})`,
        { cause: error },
      );
    }
    if (!body) throw new ValidationError(missingModelMessage(ref));
    if (opts.signal) {
      const signal = opts.signal;
      if (signal.aborted) {
        body.destroy();
        signal.throwIfAborted();
      }
      const abort = () => body.destroy(signal.reason as Error);
      signal.addEventListener("abort", abort, { once: true });
      body.once("close", () => signal.removeEventListener("abort", abort));
    }
    return body;
  }
}
