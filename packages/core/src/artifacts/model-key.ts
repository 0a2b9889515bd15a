import { parseS3Prefix, s3Uri } from "../settings/s3-url.js";
import { assertTarballName } from "./tarball-name.js";

export interface ModelObjectLocation {
  bucket: string;
  key: string;
  uri: string;
}

/** The S3 object a TargetModel names: models prefix + tarball name. */
export function modelObjectLocation(modelDataUrl: string, tarballName: string): ModelObjectLocation {
  const { bucket, key: prefix } = parseS3Prefix(modelDataUrl);
  const key = `${prefix}${assertTarballName(tarballName)}`;
  return { bucket, key, uri: s3Uri(bucket, key) };
}
