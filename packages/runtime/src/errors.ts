// Typed runtime errors; each carries the HTTP status the MME container contract gives it.

export abstract class RuntimeError extends Error {
  abstract readonly status: number;
}

export class ModelAlreadyLoadedError extends RuntimeError {
  override readonly name = "ModelAlreadyLoadedError";
  readonly status = 409;
  constructor(modelName: string) {
    super(`Model ${modelName} is already loaded`);
  }
}

export class ModelNotLoadedError extends RuntimeError {
  override readonly name = "ModelNotLoadedError";
  readonly status = 404;
  constructor(modelName: string) {
    super(`Model ${modelName} is not loaded`);
  }
}

/** The model directory or config is unusable (missing files, bad config, graph/config mismatch). */
export class ModelLoadError extends RuntimeError {
  override readonly name = "ModelLoadError";
  readonly status = 400;
}

export class UnsupportedModelError extends RuntimeError {
  override readonly name = "UnsupportedModelError";
  readonly status = 400;
  constructor(modelName: string, what: string) {
    super(`model '${modelName}': ${what} is not supported by the embedded runtime; use Triton`);
  }
}

/** The load would not fit (memory limit reached, or the allocator/OS refused). The platform evicts and retries. */
export class InsufficientMemoryError extends RuntimeError {
  override readonly name = "InsufficientMemoryError";
  readonly status = 507;
}

/** A request that does not match the model's inputs/outputs. */
export class InvalidInferenceRequestError extends RuntimeError {
  override readonly name = "InvalidInferenceRequestError";
  readonly status = 400;
}

/** The model itself reported an error or raised while executing. */
export class ModelExecutionError extends RuntimeError {
  override readonly name = "ModelExecutionError";
  readonly status = 400;
}

/** A model instance (Python worker) is gone; the request could not complete. */
export class ModelInstanceUnavailableError extends RuntimeError {
  override readonly name = "ModelInstanceUnavailableError";
  readonly status = 500;
}

export function isRuntimeError(error: unknown): error is RuntimeError {
  return error instanceof RuntimeError;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
