import type { S3Client } from "@aws-sdk/client-s3";
import { ObjectExistsError } from "../errors/index.js";
import { type AddModelInput, type AddModelOutput, addModel } from "./add-model.js";
import { listModels } from "./list-models.js";
import { nextVersionKey } from "./model-versions.js";

export interface AddNextVersionOutput extends AddModelOutput {
  family: string;
  version: number;
}

/**
 * Uploads a model as the next free version of `family` (see nextVersionKey). Never overwrites: when
 * another upload takes the key first, the next number is tried.
 */
export async function addNextVersion(
  s3: S3Client,
  input: Omit<AddModelInput, "tarballName" | "force"> & { family: string },
): Promise<AddNextVersionOutput> {
  for (let attempt = 0; ; attempt++) {
    const next = nextVersionKey(await listModels(s3, { modelDataUrl: input.modelDataUrl }), input.family);
    try {
      const added = await addModel(s3, { ...input, tarballName: next.targetModel, force: false });
      return { ...added, family: next.family, version: next.version };
    } catch (error) {
      if (!(error instanceof ObjectExistsError) || attempt >= 4) throw error;
    }
  }
}
