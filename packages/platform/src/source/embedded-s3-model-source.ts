// Model archives from the emulator's own embedded S3, read from its store in-process: the same bytes a GET
// answers, without an HTTP round trip to ourselves (SDK, SigV4, s3rver's middleware: most of a small
// model's cold start). An external S3 (MME_S3_URL) goes through S3ModelSource.

import type { Readable } from "node:stream";
import { type S3Location, ServiceUnavailable, ValidationError } from "@mme/core";
import type { ModelSource } from "./model-source.js";
import { missingModelMessage } from "./s3-model-source.js";

/** The part of the embedded S3 this source reads through. */
export interface ObjectReader {
  /** The object's bytes: whole when small, else a stream; undefined when there is no such object. */
  readObject(bucket: string, key: string): Promise<Readable | Uint8Array | undefined>;
}

export class EmbeddedS3ModelSource implements ModelSource {
  constructor(private readonly store: ObjectReader) {}

  async download(ref: S3Location, opts: { signal?: AbortSignal } = {}): Promise<Readable | Uint8Array> {
    opts.signal?.throwIfAborted();
    let body: Readable | Uint8Array | undefined;
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
    if (body instanceof Uint8Array) return body;
    if (opts.signal) {
      const signal = opts.signal;
      if (signal.aborted) {
        body.destroy();
        signal.throwIfAborted();
      }
      const stream = body;
      const abort = () => stream.destroy(signal.reason as Error);
      signal.addEventListener("abort", abort, { once: true });
      stream.once("close", () => signal.removeEventListener("abort", abort));
    }
    return body;
  }
}
