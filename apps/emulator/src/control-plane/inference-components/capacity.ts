// A copy's reservation read from SageMaker's ComputeResourceRequirements; the placement itself is the
// platform's (components/placement.ts).
import type { CopyDemand, Resources } from "@mme/platform";
import type { InferenceComponentRecord } from "./records.js";
import type { ComputeResourceRequirements } from "./shapes.js";

/** A copy's reservation: memory is the minimum it needs; cores and accelerators default to none. */
export function copyNeed(requirements: ComputeResourceRequirements | undefined): Resources {
  return {
    cpus: requirements?.NumberOfCpuCoresRequired ?? 0,
    memoryMb: requirements?.MinMemoryRequiredInMb ?? 0,
    accelerators: requirements?.NumberOfAcceleratorDevicesRequired ?? 0,
  };
}

/** What each component on the endpoint's variant reserves (Failed and Deleting ones hold nothing), but `except`. */
export function variantDemands(
  components: Iterable<InferenceComponentRecord>,
  endpointName: string,
  variantName: string,
  except?: string,
): CopyDemand[] {
  return [...components]
    .filter(
      (c) =>
        c.endpointName === endpointName &&
        c.variantName === variantName &&
        c.name !== except &&
        c.status !== "Failed" &&
        c.status !== "Deleting",
    )
    .map((c) => ({
      componentName: c.name,
      copies: c.desiredCopyCount,
      need: copyNeed(c.specification.ComputeResourceRequirements),
    }));
}
