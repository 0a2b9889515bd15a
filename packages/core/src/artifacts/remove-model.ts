import { DeleteObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";
import { ObjectNotFoundError } from "./artifact-errors.js";
import { modelObjectLocation } from "./model-key.js";
import { objectExists } from "./object-exists.js";

/** Deletes one tarball under the models prefix; a missing key is an error, so typos do not pass silently. */
export async function removeModel(
  s3: S3Client,
  input: { modelDataUrl: string; tarballName: string },
): Promise<{ uri: string; bucket: string; key: string }> {
  const location = modelObjectLocation(input.modelDataUrl, input.tarballName);
  if (!(await objectExists(s3, location.bucket, location.key))) {
    throw new ObjectNotFoundError(`${location.uri} does not exist (see mme list-models)`);
  }
  await callAws(s3, "DeleteObject", () =>
    s3.send(new DeleteObjectCommand({ Bucket: location.bucket, Key: location.key })),
  );
  return location;
}
