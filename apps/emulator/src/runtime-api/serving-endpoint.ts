// Finds the InService endpoint a runtime request names, and the variant that serves it (the
// X-Amzn-SageMaker-Target-Variant header, or a draw by the variants' weights), with SageMaker Runtime's
// error wording.
import { ValidationError } from "@mme/core";
import type { EndpointSpec, VariantFleet } from "@mme/platform";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { refuseComponentInvocation } from "../control-plane/inference-components/component-invocation.js";
import type { ServedVariant } from "../control-plane/records.js";
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
  inferenceComponent?: string,
): ServingEndpoint {
  checkEndpointName(name);
  const record = plane.endpoints.get(name);
  if (!record) throw new ValidationError(`Endpoint ${name} of account ${plane.scope.accountId} not found.`);
  // An endpoint being updated keeps serving on its current instances, as on SageMaker.
  const serving = record.status === "InService" || record.status === "Updating";
  if (serving) refuseComponentInvocation(plane.inferenceComponents, record, inferenceComponent);
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
