// The instances of an inference-component variant: with ManagedInstanceScaling ENABLED, as many as its
// components' copies need (the platform's instancesNeeded), between MinInstanceCount and
// MaxInstanceCount, down to 0; otherwise, or before any component is placed, InitialInstanceCount. Instance ids are derived from the
// endpoint, so a copy lands on the same instance id after a restart.
import { createHash } from "node:crypto";
import { instanceResources, instancesNeeded } from "@mme/platform";
import type { EndpointRecord } from "../records.js";
import { variantDemands } from "./capacity.js";
import type { InferenceComponentRecord } from "./records.js";

type Variant = EndpointRecord["config"]["input"]["ProductionVariants"][number];

export function icVariant(endpoint: EndpointRecord, variantName: string): Variant | undefined {
  return endpoint.config.input.ProductionVariants.find((v) => v.VariantName === variantName);
}

/** The variant's instance count for the components' desired copies. */
export function icInstanceCount(
  endpoint: EndpointRecord,
  variantName: string,
  components: Iterable<InferenceComponentRecord>,
): number {
  const variant = icVariant(endpoint, variantName);
  const initial = variant?.InitialInstanceCount ?? 1;
  const scaling = variant?.ManagedInstanceScaling;
  if (scaling?.Status !== "ENABLED") return initial;
  const max = scaling.MaxInstanceCount ?? initial;
  const min = Math.min(scaling.MinInstanceCount ?? 1, max);
  const demands = variantDemands(components, endpoint.name, variantName);
  // Until a component is placed, the variant has the instances it was created with.
  if (demands.length === 0) return initial;
  const copies = demands.reduce((sum, d) => sum + d.copies, 0);
  const instance = instanceResources(variant?.InstanceType);
  const needed = instance
    ? (instancesNeeded(instance, max, demands) ?? max)
    : Math.min(max, copies === 0 ? 0 : 1);
  return Math.max(min, needed);
}

/** The id of the variant's index-th instance: derived from the endpoint, the same after a restart. */
export function icInstanceId(endpoint: EndpointRecord, variantName: string, index: number): string {
  const hash = createHash("sha256")
    .update(`${endpoint.arn}/${endpoint.creationTime}/${variantName}/${index}`)
    .digest("hex");
  return `i-0${hash.slice(0, 16)}`;
}
