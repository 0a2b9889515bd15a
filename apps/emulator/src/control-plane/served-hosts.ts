// Every instance backend an InService endpoint serves with, by variant: what the operating view
// samples and resets, and what the explorer unloads from.
import type { EndpointBackend } from "@mme/platform";
import type { EndpointRecord } from "./records.js";

export interface ServedBackend {
  variantName: string;
  instanceId: string;
  backend: EndpointBackend;
}

export function servedBackends(record: EndpointRecord): ServedBackend[] {
  if (record.status !== "InService" && record.status !== "Updating") return [];
  return (record.variants ?? []).flatMap((variant) =>
    variant.fleet.instances.map((instance) => ({
      variantName: variant.spec.variantName,
      instanceId: instance.id,
      backend: instance.backend,
    })),
  );
}
