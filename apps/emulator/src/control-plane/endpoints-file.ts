// Endpoints declared in a JSON file (--config), created at start-up and InService when it finishes:
// { "endpoints": [ { "EndpointName", "ModelDataUrl", "Mode"?, "ModelCacheSetting"?, "Image"?,
//   "Environment"?, "VariantName"?, "AsyncInferenceConfig"? } ] }
import { readFile } from "node:fs/promises";
import { isS3Url, UsageError } from "@mme/core";
import { z } from "zod";
import { AsyncInferenceConfig } from "./shapes.js";

const name = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);

export const DeclaredEndpoint = z.strictObject({
  EndpointName: name,
  ModelDataUrl: z.string().refine(isS3Url, "must be an s3://bucket/prefix/ URL"),
  Mode: z.enum(["MultiModel", "SingleModel"]).default("MultiModel"),
  ModelCacheSetting: z.enum(["Enabled", "Disabled"]).default("Enabled"),
  Image: z.string().optional(),
  Environment: z.record(z.string(), z.string()).default({}),
  VariantName: name.default("AllTraffic"),
  AsyncInferenceConfig: AsyncInferenceConfig.optional(),
});
export type DeclaredEndpoint = z.infer<typeof DeclaredEndpoint>;

export const EndpointsFile = z.strictObject({ endpoints: z.array(DeclaredEndpoint) });

export async function readEndpointsFile(path: string): Promise<DeclaredEndpoint[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`Cannot read endpoints file ${path}: ${(error as Error).message}`);
  }
  const result = EndpointsFile.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`Endpoints file ${path}: ${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data.endpoints;
}
