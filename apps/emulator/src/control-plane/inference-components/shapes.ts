// The inference-component inputs (botocore sagemaker service-2.json), as zod schemas; objects are loose
// so members the emulator does not act on (StartupParameters, SchedulingConfig, DataCacheConfig, …) are
// kept and described back.
import { z } from "zod";
import { EndpointNameInput, s3Url } from "../shapes.js";

const NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$";

/** InferenceComponentName and ModelName share botocore's pattern. */
export const componentName = z
  .string()
  .max(63, "Member must have length less than or equal to 63")
  .regex(new RegExp(NAME_PATTERN), `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);

const endpointName = EndpointNameInput.shape.EndpointName;

export const ComputeResourceRequirements = z.looseObject({
  NumberOfCpuCoresRequired: z
    .number()
    .min(0.25, "Member must have value greater than or equal to 0.25")
    .optional(),
  NumberOfAcceleratorDevicesRequired: z
    .number()
    .min(1, "Member must have value greater than or equal to 1")
    .optional(),
  MinMemoryRequiredInMb: z.number().int().min(128, "Member must have value greater than or equal to 128"),
  MaxMemoryRequiredInMb: z
    .number()
    .int()
    .min(128, "Member must have value greater than or equal to 128")
    .optional(),
});
export type ComputeResourceRequirements = z.infer<typeof ComputeResourceRequirements>;

export const InferenceComponentSpecification = z.looseObject({
  ModelName: componentName.optional(),
  Container: z
    .looseObject({
      Image: z.string().max(255).optional(),
      ArtifactUrl: s3Url.optional(),
      Environment: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  ComputeResourceRequirements: ComputeResourceRequirements.optional(),
  BaseInferenceComponentName: componentName.optional(),
});
export type InferenceComponentSpecification = z.infer<typeof InferenceComponentSpecification>;

const copyCount = z.number().int().min(0, "Member must have value greater than or equal to 0");
export const RuntimeConfig = z.looseObject({ CopyCount: copyCount });

const CapacitySize = z.looseObject({
  Type: z.enum(["COPY_COUNT", "CAPACITY_PERCENT"]),
  Value: z.number().int().min(1),
});
export const DeploymentConfig = z.looseObject({
  RollingUpdatePolicy: z.looseObject({
    MaximumBatchSize: CapacitySize,
    WaitIntervalInSeconds: z.number().int().min(0).max(3600),
    MaximumExecutionTimeoutInSeconds: z.number().int().min(600).max(28800).optional(),
    RollbackMaximumBatchSize: CapacitySize.optional(),
  }),
  AutoRollbackConfiguration: z.looseObject({}).optional(),
});
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;

export const CreateInferenceComponentInput = z.looseObject({
  InferenceComponentName: componentName,
  EndpointName: endpointName,
  VariantName: endpointName.optional(),
  Specification: InferenceComponentSpecification.optional(),
  RuntimeConfig: RuntimeConfig.optional(),
  Tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })).optional(),
});
export type CreateInferenceComponentInput = z.infer<typeof CreateInferenceComponentInput>;

export const UpdateInferenceComponentInput = z.looseObject({
  InferenceComponentName: componentName,
  Specification: InferenceComponentSpecification.optional(),
  RuntimeConfig: RuntimeConfig.optional(),
  DeploymentConfig: DeploymentConfig.optional(),
});
export type UpdateInferenceComponentInput = z.infer<typeof UpdateInferenceComponentInput>;

export const UpdateRuntimeConfigInput = z.looseObject({
  InferenceComponentName: componentName,
  DesiredRuntimeConfig: RuntimeConfig,
});

export const InferenceComponentNameInput = z.looseObject({ InferenceComponentName: componentName });

export const INFERENCE_COMPONENT_STATUSES = [
  "InService",
  "Creating",
  "Updating",
  "Failed",
  "Deleting",
] as const;

/** epoch seconds, as awsJson1_1 clients send timestamps. */
const timestamp = z.number();

export const ListInferenceComponentsInput = z.looseObject({
  SortBy: z.enum(["Name", "CreationTime", "Status"]).optional(),
  SortOrder: z.enum(["Ascending", "Descending"]).optional(),
  NextToken: z.string().max(8192).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NameContains: z
    .string()
    .max(63)
    .regex(/^[a-zA-Z0-9-]+$/, "Member must satisfy regular expression pattern: [a-zA-Z0-9-]+")
    .optional(),
  CreationTimeBefore: timestamp.optional(),
  CreationTimeAfter: timestamp.optional(),
  LastModifiedTimeBefore: timestamp.optional(),
  LastModifiedTimeAfter: timestamp.optional(),
  StatusEquals: z.enum(INFERENCE_COMPONENT_STATUSES).optional(),
  EndpointNameEquals: endpointName.optional(),
  VariantNameEquals: endpointName.optional(),
});
export type ListInferenceComponentsInput = z.infer<typeof ListInferenceComponentsInput>;
