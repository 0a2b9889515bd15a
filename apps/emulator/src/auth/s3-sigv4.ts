// `--auth sigv4` on the embedded S3: the same verification as the emulator's port, in front of s3rver,
// answered with S3's own XML errors. S3 signs the X-Amz-Content-SHA256 the client declares; the body
// is not re-hashed here (S3 itself would answer XAmzContentSHA256Mismatch for a body that differs).

import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { AuthFailure } from "./auth-failure.js";
import { readSignatureClaim, type VerifyOptions, verifySignature } from "./sigv4.js";

type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;

/** A Koa middleware for s3rver: its errors are S3 XML once thrown as s3rver's S3Error. */
export function s3SigV4(options: VerifyOptions) {
  const S3Error = createRequire(import.meta.url)("s3rver/lib/models/error.js") as S3ErrorClass;
  return async (ctx: { req: IncomingMessage }, next: () => Promise<unknown>): Promise<unknown> => {
    const request = { method: ctx.req.method ?? "GET", url: ctx.req.url ?? "/", headers: ctx.req.headers };
    try {
      await verifySignature(request, readSignatureClaim(request, options), undefined);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      const [code, message] = s3Error(error, options.region);
      throw new S3Error(code, message);
    }
    return next();
  };
}

function s3Error(failure: AuthFailure, region: string): [string, string] {
  switch (failure.kind) {
    case "missing":
      return ["AccessDenied", "Access Denied"];
    case "malformed":
      return ["AuthorizationHeaderMalformed", `The authorization header is malformed; ${failure.message}`];
    case "unknown-key":
      return ["InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."];
    case "skew":
      return [
        "RequestTimeTooSkewed",
        "The difference between the request time and the current time is too large.",
      ];
    case "mismatch":
      return failure.message.startsWith("Credential should be scoped")
        ? [
            "AuthorizationHeaderMalformed",
            `The authorization header is malformed; the region is wrong; expecting '${region}'`,
          ]
        : [
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
          ];
  }
}
