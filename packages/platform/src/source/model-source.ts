// What the model cache needs from wherever model archives live.

import type { Readable } from "node:stream";
import type { S3Location } from "@mme/core";

export interface ModelSource {
  /**
   * Opens the archive at `ref` as a byte stream, or answers its bytes whole when it has them at once (a
   * small object in a local store). Rejects with ValidationError (the exact SageMaker message)
   * when there is no such object, ServiceUnavailable when the store cannot be reached.
   */
  download(ref: S3Location, opts?: { signal?: AbortSignal }): Promise<Readable | Uint8Array>;
}
