// Candidate instance types for `mme plan`: the types with an offline price, each with what bounds an
// MME's tiers (accelerator or host memory for the memory tier, instance storage or the ML volume for
// the disk tier). Hardware comes from the one instance table (instances/instance-specs.ts), prices
// from offline-prices.ts.
import { INSTANCE_SPECS, INSTANCE_STORAGE_GIB } from "../instances/instance-specs.js";
import { OFFLINE_PRICES } from "./offline-prices.js";

export interface InstanceTypeSpec {
  instanceType: string;
  vcpus: number;
  memoryGiB: number;
  /** Accelerator memory (GPU / Inferentia); the memory tier of a GPU MME lives there. */
  acceleratorMemoryGiB?: number;
  /** Local NVMe instance storage; SageMaker uses it instead of an EBS volume where present. */
  instanceStorageGiB?: number;
  pricePerHour: number;
  priceSource: string;
}

export const INSTANCE_TYPES: Record<string, InstanceTypeSpec> = Object.fromEntries(
  Object.entries(OFFLINE_PRICES).map(([instanceType, price]) => {
    const hardware = INSTANCE_SPECS[instanceType];
    if (!hardware) throw new Error(`${instanceType} has an offline price but is not in the instance table`);
    const acceleratorMemoryGiB = (hardware.gpus ?? hardware.accelerators)?.memoryGiBEach;
    const instanceStorageGiB = INSTANCE_STORAGE_GIB[instanceType];
    const spec: InstanceTypeSpec = {
      instanceType,
      vcpus: hardware.vcpus,
      memoryGiB: hardware.memoryGiB,
      ...(acceleratorMemoryGiB === undefined ? {} : { acceleratorMemoryGiB }),
      ...(instanceStorageGiB === undefined ? {} : { instanceStorageGiB }),
      pricePerHour: price.pricePerHour,
      priceSource: price.source,
    };
    return [instanceType, spec];
  }),
);

/** SageMaker bills per second; a month here is 30 days (720 h), the figure AWS's MME cost comparison uses. */
export const HOURS_PER_MONTH = 720;
