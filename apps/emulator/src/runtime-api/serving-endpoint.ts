// Finds the InService endpoint a runtime request names, and the variant that serves it (the
// X-Amzn-SageMaker-Target-Variant header, or a draw by the variants' weights), with SageMaker Runtime's
// error wording.
import { ValidationError } from "@mme/core";
import type { EndpointSpec, VariantFleet } from "@mme/platform";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { componentToInvoke } from "../control-plane/inference-components/component-invocation.js";
import { isInferenceComponentConfig } from "../control-plane/inference-components/inference-components.js";
import type { ServedComponent } from "../control-plane/inference-components/served-components.js";
import type { ServedVariant } from "../control-plane/records.js";
import type { ComponentActivity } from "../metrics/component-activity.js";
import { checkEndpointName } from "../wire/validation.js";

export const TARGET_VARIANT_HEADER = "x-amzn-sagemaker-target-variant";

export interface ServingEndpoint {
  spec: EndpointSpec;
  fleet: VariantFleet;
}

export function servingEndpoint(
  plane: ControlPlane,
  name: string,
  targetVariant?: string,
  random: () => number = Math.random,
): ServingEndpoint {
  checkEndpointName(name);
  const record = plane.endpoints.get(name);
  if (!record) throw new ValidationError(`Endpoint ${name} of account ${plane.scope.accountId} not found.`);
  // An endpoint being updated keeps serving on its current instances, as on SageMaker.
  const serving = record.status === "InService" || record.status === "Updating";
  if (serving && isInferenceComponentConfig(record.config)) {
    throw new ValidationError(
      `Endpoint ${name} hosts inference components: the emulator serves them through InvokeEndpoint only.`,
    );
  }
  if (!serving || !record.variants?.length) {
    throw new ValidationError(
      `Endpoint ${name} of account ${plane.scope.accountId} is not in service (status: ${record.status}).`,
    );
  }
  const variant =
    targetVariant === undefined
      ? byWeight(record.variants, random)
      : named(record.variants, targetVariant, name);
  return { spec: variant.spec, fleet: variant.fleet };
}

/**
 * On an endpoint for inference components (InService or Updating): the component the request names, or
 * SageMaker Runtime's refusal. Undefined for any other endpoint: servingEndpoint answers those.
 */
export function servingComponent(
  plane: ControlPlane,
  activity: ComponentActivity,
  name: string,
  componentName: string | undefined,
  targetModel: string | undefined,
): ServedComponent | undefined {
  const record = plane.endpoints.get(name);
  if (record === undefined || (record.status !== "InService" && record.status !== "Updating"))
    return undefined;
  return componentToInvoke(plane, activity, record, componentName, targetModel);
}

function named(variants: ServedVariant[], targetVariant: string, endpointName: string): ServedVariant {
  const variant = variants.find((v) => v.spec.variantName === targetVariant);
  if (!variant) {
    throw new ValidationError(`Variant ${targetVariant} was not found in endpoint ${endpointName}.`);
  }
  return variant;
}

function byWeight(variants: ServedVariant[], random: () => number): ServedVariant {
  if (variants.length === 1) return variants[0]!;
  const total = variants.reduce((sum, v) => sum + v.currentWeight, 0);
  if (total <= 0) return variants[0]!;
  let draw = random() * total;
  for (const variant of variants) {
    draw -= variant.currentWeight;
    if (draw < 0) return variant;
  }
  return variants[variants.length - 1]!;
}
