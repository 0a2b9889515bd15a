import { MmeError } from "../errors/index.js";

/** An AWS service answered with an error: printed as "<AWS error name>: <message>". */
export class AwsServiceError extends MmeError {
  constructor(
    override readonly name: string,
    message: string,
    readonly operation: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/** The service could not be reached at all (refused, DNS, timeout). */
export class NetworkError extends MmeError {
  override name = "NetworkError";
}

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  cause?: unknown;
  errors?: unknown[];
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

/**
 * Turns whatever the SDK threw into a one-line MmeError, naming the AWS error. `target` says
 * what was being reached (an endpoint URL or a service name) for network failures.
 */
export function toAwsError(error: unknown, operation: string, target: string): Error {
  if (error instanceof MmeError) return error;
  const e = (error ?? {}) as SdkError;
  const code = networkCode(e);
  if (code) return new NetworkError(`cannot reach ${target} for ${operation} (${code})`);
  if (e.$metadata || e.$fault) {
    const message =
      e.message && e.message !== "UnknownError" ? e.message : `HTTP ${e.$metadata?.httpStatusCode}`;
    return new AwsServiceError(e.name ?? "AwsError", message, operation, e.$metadata?.httpStatusCode);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function networkCode(e: SdkError, depth = 0): string | undefined {
  if (depth > 4 || !e) return undefined;
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === "TimeoutError") return "timeout";
  for (const inner of [e.cause, ...(e.errors ?? [])]) {
    const found = networkCode(inner as SdkError, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** SageMaker reports a missing resource as ValidationException "Could not find …". */
export function isNotFound(error: unknown): boolean {
  const e = error as SdkError;
  return (
    e?.name === "ResourceNotFound" ||
    e?.name === "NotFound" ||
    e?.name === "NoSuchKey" ||
    (e?.name === "ValidationException" && /could not find|does not exist|not found/i.test(e.message ?? ""))
  );
}

export function isAlreadyExists(error: unknown): boolean {
  const e = error as SdkError;
  return /already exist/i.test(e?.message ?? "") || e?.name === "ResourceInUse";
}
