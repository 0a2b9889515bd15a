import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";
import { parseS3Prefix, s3Uri } from "../settings/s3-url.js";

export interface ModelObject {
  /** The key relative to the models prefix: what TargetModel carries. */
  targetModel: string;
  key: string;
  uri: string;
  size: number;
  lastModified?: string;
}

/** Every object under the models prefix (all pages). */
export async function listModels(s3: S3Client, input: { modelDataUrl: string }): Promise<ModelObject[]> {
  const { bucket, key: prefix } = parseS3Prefix(input.modelDataUrl);
  const models: ModelObject[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(s3, "ListObjectsV2", () =>
      s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
    );
    for (const object of page.Contents ?? []) {
      // Belt and braces: only keys really under the prefix.
      if (!object.Key?.startsWith(prefix)) continue;
      models.push({
        targetModel: object.Key.slice(prefix.length),
        key: object.Key,
        uri: s3Uri(bucket, object.Key),
        size: object.Size ?? 0,
        lastModified: object.LastModified?.toISOString(),
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return models;
}
