// Whether every copy of every inference component on a variant fits on the variant's instances: each
// copy reserves its compute (SageMaker's ComputeResourceRequirements) on one instance (CPU cores, memory, accelerators), as
// SageMaker places copies; the instance's hardware comes from @mme/core's instance table. Copies are
// placed largest first on the first instance with room (first-fit decreasing), which finds a placement
// whenever the reservations are of a few sizes, as an endpoint's components are.
import { INSTANCE_SPECS } from "@mme/core";

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

/** The fewest instances, up to `max`, that hold every copy; undefined when even `max` cannot. */
export function instancesNeeded(instance: Resources, max: number, demands: CopyDemand[]): number | undefined {
  if (demands.every((demand) => demand.copies === 0)) return 0;
  for (let count = 1; count <= max; count++) if (placeCopies(instance, count, demands)) return count;
  return undefined;
}

export function describeNeed(need: Resources): string {
  const parts = [`${need.memoryMb} MB memory`];
  if (need.cpus > 0) parts.unshift(`${need.cpus} CPU cores`);
  if (need.accelerators > 0) parts.push(`${need.accelerators} accelerator devices`);
  return parts.join(", ");
}
