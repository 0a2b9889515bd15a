import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { listModels, type ModelObject } from "../artifacts/list-models.js";
import { type EndpointResourceKind, resourceExists } from "../endpoint/resource-exists.js";
import { SettingsError } from "../errors/index.js";
import { parseS3Prefix } from "../settings/s3-url.js";

export interface CleanInput {
  endpointName: string;
  endpointConfigName: string;
  modelName: string;
  /** Needed (and only used) with includeModels. */
  modelDataUrl?: string;
  /** Also delete every object under the models prefix. */
  includeModels?: boolean;
}

export interface CleanPlan {
  /** Only the configured names that exist right now. */
  resources: { kind: EndpointResourceKind; name: string }[];
  /** Only objects under the configured models prefix. */
  objects: { bucket: string; prefix: string; items: ModelObject[] } | undefined;
}

/** Lists what `clean` would delete: nothing outside the configured names and prefix. */
export async function planClean(
  clients: { sagemaker: SageMakerClient; s3: S3Client },
  input: CleanInput,
): Promise<CleanPlan> {
  const candidates: [EndpointResourceKind, string][] = [
    ["endpoint", input.endpointName],
    ["endpoint-config", input.endpointConfigName],
    ["model", input.modelName],
  ];
  const resources: CleanPlan["resources"] = [];
  for (const [kind, name] of candidates) {
    if (await resourceExists(clients.sagemaker, kind, name)) resources.push({ kind, name });
  }
  let objects: CleanPlan["objects"];
  if (input.includeModels) {
    if (!input.modelDataUrl) throw new SettingsError('setting "modelDataUrl" is required for clean --models');
    const { bucket, key: prefix } = parseS3Prefix(input.modelDataUrl);
    if (prefix === "") {
      throw new SettingsError(
        `modelDataUrl ${input.modelDataUrl} is a whole bucket; clean --models only deletes under a key prefix`,
      );
    }
    objects = { bucket, prefix, items: await listModels(clients.s3, { modelDataUrl: input.modelDataUrl }) };
  }
  return { resources, objects };
}
