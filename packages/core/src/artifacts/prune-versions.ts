import { DeleteObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";
import { MmeError } from "../errors/index.js";
import { parseS3Prefix } from "../settings/s3-url.js";
import type { ModelObject } from "./list-models.js";
import { groupModelVersions, type ModelVersion } from "./model-versions.js";

export interface PrunePlan {
  bucket: string;
  prefix: string;
  keep: number;
  /** Per family: what stays (newest `keep`) and what goes. */
  families: { family: string; kept: ModelVersion[]; removed: ModelVersion[] }[];
  /** Every object that would be deleted. */
  removed: ModelVersion[];
}

/** Which versions a prune removes: all but the newest `keep` of each family (or of `family` only). */
export function planPrune(
  models: readonly ModelObject[],
  input: { modelDataUrl: string; keep: number; family?: string },
): PrunePlan {
  const { bucket, key: prefix } = parseS3Prefix(input.modelDataUrl);
  const families = groupModelVersions(models.filter((m) => m.key.startsWith(prefix)))
    .families.filter((f) => input.family === undefined || f.family === input.family.replace(/\/+$/, ""))
    .map((f) => ({
      family: f.family,
      kept: f.versions.slice(0, input.keep),
      removed: f.versions.slice(input.keep),
    }));
  return { bucket, prefix, keep: input.keep, families, removed: families.flatMap((f) => f.removed) };
}

/** Deletes exactly the plan's objects (keys under the prefix only), 1000 per request. */
export async function executePrune(s3: S3Client, plan: PrunePlan): Promise<string[]> {
  const keys = plan.removed.map((m) => m.key).filter((key) => key.startsWith(plan.prefix));
  const deleted: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const result = await callAws(s3, "DeleteObjects", () =>
      s3.send(
        new DeleteObjectsCommand({
          Bucket: plan.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    const failed = result.Errors ?? [];
    if (failed.length > 0) {
      throw new MmeError(
        `could not delete ${failed.length} object(s), first s3://${plan.bucket}/${failed[0]?.Key}: ${failed[0]?.Message}`,
      );
    }
    deleted.push(...batch.map((key) => `s3://${plan.bucket}/${key}`));
  }
  return deleted;
}
