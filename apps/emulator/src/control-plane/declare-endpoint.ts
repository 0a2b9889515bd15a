// Creates model + endpoint config + endpoint through the control plane, for endpoints the emulator
// starts with (LOCAL_PROFILE's sagemaker-poc, a --config file), and waits until they leave Creating.
// What the kept state already has (a restart) stays as it is.
import { LOCAL_PROFILE } from "@mme/core";
import type { ControlPlane } from "./control-plane.js";
import type { DeclaredEndpoint } from "./endpoints-file.js";
import type { EndpointRecord } from "./records.js";

export interface EndpointDeclaration extends DeclaredEndpoint {
  ModelName?: string;
  EndpointConfigName?: string;
  ExecutionRoleArn?: string;
  InstanceType?: string;
}

export async function declareEndpoint(
  plane: ControlPlane,
  declared: EndpointDeclaration,
): Promise<EndpointRecord> {
  const modelName = declared.ModelName ?? `${declared.EndpointName}-model`;
  const configName = declared.EndpointConfigName ?? `${declared.EndpointName}-config`;
  const kept = plane.endpoints.get(declared.EndpointName);
  if (kept) {
    await kept.settled;
    return kept;
  }
  if (!plane.models.has(modelName))
    plane.createModel({
      ModelName: modelName,
      ExecutionRoleArn: declared.ExecutionRoleArn ?? LOCAL_PROFILE.role,
      PrimaryContainer: {
        Image: declared.Image ?? LOCAL_PROFILE.imageUri,
        Mode: declared.Mode,
        ModelDataUrl: declared.ModelDataUrl,
        Environment: declared.Environment,
        MultiModelConfig: { ModelCacheSetting: declared.ModelCacheSetting },
      },
    });
  if (!plane.endpointConfigs.has(configName))
    plane.createEndpointConfig({
      EndpointConfigName: configName,
      ProductionVariants: [
        {
          VariantName: declared.VariantName,
          ModelName: modelName,
          InitialInstanceCount: 1,
          InstanceType: declared.InstanceType ?? LOCAL_PROFILE.instanceType,
        },
      ],
      ...(declared.AsyncInferenceConfig ? { AsyncInferenceConfig: declared.AsyncInferenceConfig } : {}),
    });
  const record = plane.createEndpoint(
    { EndpointName: declared.EndpointName, EndpointConfigName: configName },
    0,
  );
  await record.settled;
  await plane.changed();
  return record;
}

/** LOCAL_PROFILE's ready endpoint: what `mme --local` talks to. */
export function localProfileEndpoint(): EndpointDeclaration {
  return {
    EndpointName: LOCAL_PROFILE.endpointName,
    ModelName: LOCAL_PROFILE.modelName,
    EndpointConfigName: LOCAL_PROFILE.endpointConfigName,
    ModelDataUrl: LOCAL_PROFILE.modelDataUrl,
    Image: LOCAL_PROFILE.imageUri,
    Mode: "MultiModel",
    ModelCacheSetting: "Enabled",
    Environment: {},
    VariantName: "AllTraffic",
  };
}
