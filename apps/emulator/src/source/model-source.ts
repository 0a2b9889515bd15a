// What the model cache needs from wherever model archives live.

import type { Readable } from "node:stream";

export interface ObjectLocation {
  bucket: string;
  key: string;
}

export interface ModelSource {
  /**
   * Opens the archive at `ref` as a byte stream. Rejects with ValidationError (the exact SageMaker message)
   * when there is no such object, ServiceUnavailable when the store cannot be reached.
   */
  download(ref: ObjectLocation, opts?: { signal?: AbortSignal }): Promise<Readable>;
}
