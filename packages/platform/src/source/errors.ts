// Typed failures of the model source: what went wrong while fetching or unpacking a model archive.

import type { ArchiveProblem } from "@mme/core/triton";

export type { ArchiveProblem };

/** The archive is refused: an entry would land outside its folder, a limit was hit, or it is not a valid tar.gz. */
export class ArchiveError extends Error {
  override readonly name = "ArchiveError" as const;
  constructor(
    readonly problem: ArchiveProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An S3 URL or a target key that cannot name an object under the model prefix. */
export class InvalidModelLocationError extends Error {
  override readonly name = "InvalidModelLocationError" as const;
}
