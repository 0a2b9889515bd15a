import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export interface S3ClientSettings {
  /** A custom endpoint (MinIO, s3rver, the embedded S3); unset for AWS S3. */
  endpoint?: string | undefined;
  /** Unset: the SDK's own region chain. */
  region?: string | undefined;
  credentials?: S3ClientConfig["credentials"];
  maxAttempts?: number | undefined;
}

/**
 * The one S3 client set-up. Against a custom endpoint: path-style, and checksums only when required
 * (s3rver and older MinIO store the SDK's aws-chunked uploads corrupted otherwise; see docs/design.md).
 */
export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.endpoint
      ? {
          endpoint: settings.endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }
      : {}),
  });
}
