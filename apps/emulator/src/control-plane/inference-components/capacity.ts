// Whether every copy of every inference component on a variant fits on the variant's instances: each
// copy reserves its ComputeResourceRequirements on one instance (CPU cores, memory, accelerators), as
// SageMaker places copies; the instance's hardware comes from @mme/core's instance table. Copies are
// placed largest first on the first instance with room (first-fit decreasing), which finds a placement
// whenever the reservations are of a few sizes, as an endpoint's components are.
import { INSTANCE_SPECS } from "@mme/core";
import type { ComputeResourceRequirements } from "./shapes.js";

export interface Resources {
  cpus: number;
  memoryMb: number;
  accelerators: number;
}

export interface CopyDemand {
  componentName: string;
  copies: number;
  need: Resources;
}

/** The instance type's hardware, or undefined when the table does not know it (then nothing is checked). */
export function instanceResources(instanceType: string | undefined): Resources | undefined {
  const spec = instanceType === undefined ? undefined : INSTANCE_SPECS[instanceType];
  if (!spec) return undefined;
  return {
    cpus: spec.vcpus,
    memoryMb: spec.memoryGiB * 1024,
    accelerators: spec.gpus?.count ?? spec.accelerators?.count ?? 0,
  };
}

/** A copy's reservation: memory is the minimum it needs; cores and accelerators default to none. */
export function copyNeed(requirements: ComputeResourceRequirements | undefined): Resources {
  return {
    cpus: requirements?.NumberOfCpuCoresRequired ?? 0,
    memoryMb: requirements?.MinMemoryRequiredInMb ?? 0,
    accelerators: requirements?.NumberOfAcceleratorDevicesRequired ?? 0,
  };
}

/** Whether every copy of the demands fits on `instanceCount` instances of `instance`. */
export function placeCopies(instance: Resources, instanceCount: number, demands: CopyDemand[]): boolean {
  const free: Resources[] = Array.from({ length: instanceCount }, () => ({ ...instance }));
  const copies = demands
    .flatMap((demand) => Array.from({ length: demand.copies }, () => demand.need))
    .sort((a, b) => size(b, instance) - size(a, instance));
  for (const need of copies) {
    const room = free.find(
      (f) => f.cpus >= need.cpus && f.memoryMb >= need.memoryMb && f.accelerators >= need.accelerators,
    );
    if (!room) return false;
    room.cpus -= need.cpus;
    room.memoryMb -= need.memoryMb;
    room.accelerators -= need.accelerators;
  }
  return true;
}

/** The largest share of one instance a copy takes. */
function size(need: Resources, instance: Resources): number {
  return Math.max(
    need.cpus / instance.cpus,
    need.memoryMb / instance.memoryMb,
    instance.accelerators === 0 ? 0 : need.accelerators / instance.accelerators,
  );
}

export function describeNeed(need: Resources): string {
  const parts = [`${need.memoryMb} MB memory`];
  if (need.cpus > 0) parts.unshift(`${need.cpus} CPU cores`);
  if (need.accelerators > 0) parts.push(`${need.accelerators} accelerator devices`);
  return parts.join(", ");
}
