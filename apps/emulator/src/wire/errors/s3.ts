// The embedded S3's own errors (the ones the emulator adds in front of s3rver), as S3's XML
// `<Error><Code>`. They are thrown as s3rver's S3Error, which writes the XML and the status.
import { createRequire } from "node:module";
import { defineCatalogue, type WireErrorSpec } from "./catalogue.js";

export const S3_CATALOGUE = defineCatalogue("s3", {
  AccessDenied: { status: 403 },
  AuthorizationHeaderMalformed: { status: 400 },
  InvalidAccessKeyId: { status: 403 },
  RequestTimeTooSkewed: { status: 403 },
  SignatureDoesNotMatch: { status: 403 },
  KeyTooLongError: { status: 400 },
  BadDigest: { status: 400 },
  InvalidArgument: { status: 400 },
  NoSuchBucket: { status: 404 },
  NoSuchUpload: { status: 404 },
  NoSuchKey: { status: 404 },
});

type S3ErrorClass = new (
  code: string,
  message: string,
  detail?: Record<string, unknown>,
) => Error & { status: number };

const S3Error = createRequire(import.meta.url)("s3rver/lib/models/error.js") as S3ErrorClass;

/** An S3 error with the catalogue's status (s3rver's own table agrees; the catalogue is what is checked). */
export function s3Error(spec: WireErrorSpec, message: string, detail?: Record<string, unknown>): Error {
  const error = new S3Error(spec.name, message, detail);
  error.status = spec.status;
  return error;
}
