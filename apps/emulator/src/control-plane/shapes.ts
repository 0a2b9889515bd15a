// The control-plane inputs the emulator understands (botocore sagemaker service-2.json), as zod schemas.
// Objects are loose: members the emulator ignores are kept and echoed back by Describe*.
import { z } from "zod";

const resourceName = z
  .string()
  .max(63, "Member must have length less than or equal to 63")
  .regex(
    /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
    "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*",
  );

export const s3Url = z
  .string()
  .max(1024)
  .regex(
    /^(https|s3):\/\/([^/]+)\/?(.*)$/,
    "Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$",
  );

export const ContainerDefinition = z.looseObject({
  Image: z.string().max(255).optional(),
  Mode: z.enum(["SingleModel", "MultiModel"]).optional(),
  ModelDataUrl: s3Url.optional(),
  Environment: z.record(z.string(), z.string()).optional(),
  MultiModelConfig: z
    .looseObject({ ModelCacheSetting: z.enum(["Enabled", "Disabled"]).optional() })
    .optional(),
});
export type ContainerDefinition = z.infer<typeof ContainerDefinition>;

export const CreateModelInput = z.looseObject({
  ModelName: resourceName,
  PrimaryContainer: ContainerDefinition.optional(),
  Containers: z.array(ContainerDefinition).max(15).optional(),
  ExecutionRoleArn: z.string().optional(),
});
export type CreateModelInput = z.infer<typeof CreateModelInput>;

export const ProductionVariant = z.looseObject({
  VariantName: resourceName,
  ModelName: resourceName.optional(),
  InitialInstanceCount: z.number().int().min(1).optional(),
  InstanceType: z.string().optional(),
  InitialVariantWeight: z.number().min(0).optional(),
  // An inference-component endpoint's variant (no ModelName): instances added and removed as copies need.
  ManagedInstanceScaling: z
    .looseObject({
      Status: z.enum(["ENABLED", "DISABLED"]).optional(),
      MinInstanceCount: z.number().int().min(0).optional(),
      MaxInstanceCount: z.number().int().min(1).optional(),
    })
    .optional(),
  RoutingConfig: z
    .looseObject({ RoutingStrategy: z.enum(["LEAST_OUTSTANDING_REQUESTS", "RANDOM"]) })
    .optional(),
});

export const AsyncInferenceConfig = z.looseObject({
  ClientConfig: z.looseObject({}).optional(),
  OutputConfig: z.looseObject({ S3OutputPath: s3Url.optional(), S3FailurePath: s3Url.optional() }),
});

export const CreateEndpointConfigInput = z.looseObject({
  EndpointConfigName: resourceName,
  ProductionVariants: z.array(ProductionVariant).min(1).max(10),
  AsyncInferenceConfig: AsyncInferenceConfig.optional(),
});
export type CreateEndpointConfigInput = z.infer<typeof CreateEndpointConfigInput>;

export const CreateEndpointInput = z.looseObject({
  EndpointName: resourceName,
  EndpointConfigName: resourceName,
});
export type CreateEndpointInput = z.infer<typeof CreateEndpointInput>;

export const UpdateEndpointInput = z.looseObject({
  EndpointName: resourceName,
  EndpointConfigName: resourceName,
});

export const DesiredWeightAndCapacity = z.looseObject({
  VariantName: resourceName,
  DesiredWeight: z.number().min(0).optional(),
  DesiredInstanceCount: z.number().int().min(1).optional(),
});
export type DesiredWeightAndCapacity = z.infer<typeof DesiredWeightAndCapacity>;

export const UpdateEndpointWeightsAndCapacitiesInput = z.looseObject({
  EndpointName: resourceName,
  DesiredWeightsAndCapacities: z.array(DesiredWeightAndCapacity).min(1),
});

export const ModelNameInput = z.looseObject({ ModelName: resourceName });
export const EndpointNameInput = z.looseObject({ EndpointName: resourceName });
export const EndpointConfigNameInput = z.looseObject({ EndpointConfigName: resourceName });

export const ListInput = z.looseObject({
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NameContains: z.string().optional(),
  SortBy: z.enum(["Name", "CreationTime", "Status"]).optional(),
  SortOrder: z.enum(["Ascending", "Descending"]).optional(),
  StatusEquals: z.string().optional(),
});
export type ListInput = z.infer<typeof ListInput>;
