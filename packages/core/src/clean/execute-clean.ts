import { DeleteObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call-aws.js";
import { deleteResource } from "../endpoint/delete-endpoint.js";
import { MmeError } from "../errors/index.js";
import type { CleanPlan } from "./plan-clean.js";

export interface CleanResult {
  deletedResources: { kind: string; name: string }[];
  deletedObjects: string[];
}

/** Deletes exactly what the plan lists (resources that vanished meanwhile are skipped). */
export async function executeClean(
  clients: { sagemaker: SageMakerClient; s3: S3Client },
  plan: CleanPlan,
): Promise<CleanResult> {
  const deletedResources: CleanResult["deletedResources"] = [];
  for (const { kind, name } of plan.resources) {
    if (await deleteResource(clients.sagemaker, kind, name)) deletedResources.push({ kind, name });
  }

  const deletedObjects: string[] = [];
  if (plan.objects) {
    const { bucket, prefix, items } = plan.objects;
    const keys = items.map((item) => item.key).filter((key) => key.startsWith(prefix));
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const result = await callAws(clients.s3, "DeleteObjects", () =>
        clients.s3.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new MmeError(
          `could not delete ${failed.length} object(s), first s3://${bucket}/${failed[0]?.Key}: ${failed[0]?.Message}`,
        );
      }
      deletedObjects.push(...batch.map((key) => `s3://${bucket}/${key}`));
    }
  }
  return { deletedResources, deletedObjects };
}
