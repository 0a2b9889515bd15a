// What the operating view reads of the control plane: every instance of every endpoint variant.
import type { ControlPlane } from "../control-plane/control-plane.js";
import type { ServingInstance } from "./operating-view.js";

export function* servingInstances(plane: ControlPlane): Generator<ServingInstance> {
  for (const record of plane.endpoints.values()) {
    const serving = record.status === "InService" || record.status === "Updating";
    for (const variant of record.variants ?? []) {
      for (const instance of variant.fleet.instances) {
        yield {
          endpointName: record.name,
          serving,
          variantName: variant.spec.variantName,
          instanceId: instance.id,
          host: instance,
        };
      }
    }
  }
}
