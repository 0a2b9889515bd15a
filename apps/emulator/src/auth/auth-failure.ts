// Why a request's signature was refused, with AWS's own wording; each API puts it on the wire in its
// protocol (SageMaker's JSON errors, S3's XML errors).

export type AuthFailureKind =
  /** No Authorization header (nor presigned query). */
  | "missing"
  /** An Authorization header that is not a well-formed AWS4-HMAC-SHA256 one, or no X-Amz-Date. */
  | "malformed"
  /** The access key is not one of --auth-keys. */
  | "unknown-key"
  /** The signature (or its scope) does not match what the key's secret gives. */
  | "mismatch"
  /** X-Amz-Date more than 15 minutes away from the server's clock. */
  | "skew";

export class AuthFailure extends Error {
  override readonly name = "AuthFailure" as const;
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
  }
}
