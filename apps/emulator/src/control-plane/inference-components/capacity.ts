// A copy's reservation read from SageMaker's ComputeResourceRequirements; the placement itself is the
// platform's (components/placement.ts).
import type { Resources } from "@mme/platform";
import type { ComputeResourceRequirements } from "./shapes.js";

/** A copy's reservation: memory is the minimum it needs; cores and accelerators default to none. */
export function copyNeed(requirements: ComputeResourceRequirements | undefined): Resources {
  return {
    cpus: requirements?.NumberOfCpuCoresRequired ?? 0,
    memoryMb: requirements?.MinMemoryRequiredInMb ?? 0,
    accelerators: requirements?.NumberOfAcceleratorDevicesRequired ?? 0,
  };
}
