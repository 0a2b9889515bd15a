// `--auth sigv4` on the embedded S3: the same verification as the emulator's port, in front of s3rver,
// answered with S3's own XML errors. S3 signs the X-Amz-Content-SHA256 the client declares; the body
// is not re-hashed here (S3 itself would answer XAmzContentSHA256Mismatch for a body that differs).

import type { IncomingMessage } from "node:http";
import type { WireErrorSpec } from "../wire/errors/catalogue.js";
import { S3_CATALOGUE, s3Error } from "../wire/errors/s3.js";
import { AuthFailure } from "./auth-failure.js";
import { readSignatureClaim, type VerifyOptions, verifySignature } from "./sigv4.js";

/** A Koa middleware for s3rver: its errors are S3 XML once thrown as s3rver's S3Error. */
export function s3SigV4(options: VerifyOptions) {
  return async (ctx: { req: IncomingMessage }, next: () => Promise<unknown>): Promise<unknown> => {
    const request = { method: ctx.req.method ?? "GET", url: ctx.req.url ?? "/", headers: ctx.req.headers };
    try {
      await verifySignature(request, readSignatureClaim(request, options), undefined);
    } catch (error) {
      if (!(error instanceof AuthFailure)) throw error;
      const [spec, message] = s3Refusal(error, options.region);
      throw s3Error(spec, message);
    }
    return next();
  };
}

const errors = S3_CATALOGUE.errors;

function s3Refusal(failure: AuthFailure, region: string): [WireErrorSpec, string] {
  switch (failure.kind) {
    case "missing":
      return [errors.AccessDenied, "Access Denied"];
    case "malformed":
      return [
        errors.AuthorizationHeaderMalformed,
        `The authorization header is malformed; ${failure.message}`,
      ];
    case "unknown-key":
      return [errors.InvalidAccessKeyId, "The AWS Access Key Id you provided does not exist in our records."];
    case "skew":
      return [
        errors.RequestTimeTooSkewed,
        "The difference between the request time and the current time is too large.",
      ];
    case "mismatch":
      return failure.message.startsWith("Credential should be scoped")
        ? [
            errors.AuthorizationHeaderMalformed,
            `The authorization header is malformed; the region is wrong; expecting '${region}'`,
          ]
        : [
            errors.SignatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
          ];
  }
}
