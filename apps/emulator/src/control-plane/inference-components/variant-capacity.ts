// ResourceLimitExceeded when an inference component's copies, with the other components' on the same
// variant, do not fit on the variant's instances: as many as ManagedInstanceScaling may add
// (MaxInstanceCount), else InitialInstanceCount.

import { type CopyDemand, describeNeed, instanceResources, placeCopies } from "@mme/platform";
import { ResourceLimitExceeded } from "../../wire/errors/sagemaker.js";
import type { EndpointRecord } from "../records.js";
import { copyNeed, variantDemands } from "./capacity.js";
import { icVariant } from "./component-instances.js";
import type { InferenceComponentRecord } from "./records.js";

export interface Placement {
  componentName: string;
  variantName: string;
  copies: number;
  specification: InferenceComponentRecord["specification"];
}

export function checkVariantCapacity(
  endpoint: EndpointRecord,
  placement: Placement,
  others: InferenceComponentRecord[],
): void {
  const variant = icVariant(endpoint, placement.variantName);
  const instance = instanceResources(variant?.InstanceType);
  if (!variant || !instance) return;
  const scaling = variant.ManagedInstanceScaling;
  const instanceCount =
    scaling?.Status !== "DISABLED" && scaling?.MaxInstanceCount !== undefined
      ? scaling.MaxInstanceCount
      : (variant.InitialInstanceCount ?? 1);
  const need = copyNeed(placement.specification.ComputeResourceRequirements);
  const demands: CopyDemand[] = [
    ...variantDemands(others, endpoint.name, placement.variantName, placement.componentName),
    { componentName: placement.componentName, copies: placement.copies, need },
  ];
  if (placeCopies(instance, instanceCount, demands)) return;
  throw new ResourceLimitExceeded(
    `Inference component ${placement.componentName} cannot place ${placement.copies} copies of ${describeNeed(need)} ` +
      `on variant ${placement.variantName} of endpoint ${endpoint.name}: its ${instanceCount} ${variant.InstanceType} ` +
      `instance(s) (${describeNeed(instance)} each) do not have room beside the other inference components' copies.`,
  );
}
