// The container could not be reached or did not answer in time (as opposed to answering with an error).

export type ContainerFailure = "unreachable" | "timeout";

export class ContainerUnavailableError extends Error {
  override readonly name = "ContainerUnavailableError" as const;
  constructor(
    readonly failure: ContainerFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
