import { z } from "zod";
import { isS3Url } from "./s3-url.js";

// Names follow the original Python settings (role, model_data_url, …) in camelCase.
const nonEmpty = z.string().trim().min(1);
const url = z.url({ protocol: /^https?$/ });

export const settingsSchema = z
  .object({
    role: nonEmpty
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
        "must be an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)",
      )
      .optional(),
    modelDataUrl: nonEmpty
      .refine(isS3Url, "must be an s3://bucket/prefix/ URL")
      .transform((v) => (v.endsWith("/") ? v : `${v}/`))
      .optional(),
    bucketName: nonEmpty.optional(),
    /** Default: the region's SageMaker Triton image (TRITON_IMAGES) at `tritonVersion`. */
    imageUri: nonEmpty.optional(),
    tritonVersion: nonEmpty.optional(),
    modelName: nonEmpty.optional(),
    endpointConfigName: nonEmpty.optional(),
    endpointName: nonEmpty
      .max(63)
      .regex(
        /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
        "must be letters, digits and hyphens (SageMaker's endpoint name rule)",
      )
      .default("sagemaker-poc"),
    instanceType: nonEmpty.default("ml.g5.xlarge"),
    instanceCount: z.coerce.number().int().positive().default(1),
    /** ProductionVariant VolumeSizeInGB (1–512); SageMaker's default when unset. */
    volumeSizeGb: z.coerce.number().int().min(1).max(512).optional(),
    region: nonEmpty.optional(),
    endpointUrl: url.optional(),
    s3EndpointUrl: url.optional(),
    profile: nonEmpty.optional(),
    modelCacheSetting: z.enum(["Enabled", "Disabled"]).optional(),
    variantName: nonEmpty.default("AllTraffic"),
  })
  .strict();

export type SettingsInput = z.input<typeof settingsSchema>;

/** Validated settings. modelName/endpointConfigName/bucketName are filled in from the other values. */
export type Settings = z.output<typeof settingsSchema> & {
  modelName: string;
  endpointConfigName: string;
  /** True when `--local` applied the emulator profile. */
  local: boolean;
};

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof SettingsInput)[];

/** MME_MODEL_DATA_URL for modelDataUrl, and so on. */
export function envNameOf(key: string): string {
  return `MME_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}
