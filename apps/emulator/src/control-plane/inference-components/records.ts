// An inference component as the control plane keeps it, and as it survives a restart: plain data, the
// same schema for both (the state file is checked with it when read back).
import { z } from "zod";
import { DeploymentConfig, INFERENCE_COMPONENT_STATUSES, InferenceComponentSpecification } from "./shapes.js";

export const InferenceComponentRecord = z.object({
  name: z.string(),
  arn: z.string(),
  endpointName: z.string(),
  endpointArn: z.string(),
  variantName: z.string(),
  specification: InferenceComponentSpecification,
  desiredCopyCount: z.number().int().min(0),
  currentCopyCount: z.number().int().min(0),
  status: z.enum(INFERENCE_COMPONENT_STATUSES),
  failureReason: z.string().optional(),
  creationTime: z.number(),
  lastModifiedTime: z.number(),
  lastDeploymentConfig: DeploymentConfig.optional(),
});
export type InferenceComponentRecord = z.infer<typeof InferenceComponentRecord>;
export type InferenceComponentStatus = InferenceComponentRecord["status"];
