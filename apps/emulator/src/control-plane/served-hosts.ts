// Every instance an InService endpoint serves with, by variant: what the operating view
// samples and resets, and what the explorer unloads from.
import type { Instance } from "@mme/platform";
import type { EndpointRecord } from "./records.js";

export interface ServedHost {
  variantName: string;
  instanceId: string;
  host: Instance;
}

export function servedHosts(record: EndpointRecord): ServedHost[] {
  if (record.status !== "InService" && record.status !== "Updating") return [];
  return (record.variants ?? []).flatMap((variant) =>
    variant.fleet.instances.map((instance) => ({
      variantName: variant.spec.variantName,
      instanceId: instance.id,
      host: instance,
    })),
  );
}
