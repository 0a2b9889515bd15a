// Candidate instance types for `mme plan`: what bounds an MME's tiers (accelerator or host memory for the
// memory tier, instance storage or the ML volume for the disk tier) and an offline on-demand price.
// Hardware figures are EC2's published specs for the instance family. Prices are SageMaker real-time
// inference, us-east-1, on demand, from the sources named per row (no AWS call); the Price List API
// replaces them when reachable (pricing.ts).

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

export const OFFLINE_PRICES_DATE = "2025-10 to 2026-03";
const ZIRCON = "zircon.tech, 'The real cost of running AI models on AWS SageMaker' (us-east-1, October 2025)";
const WRING = "wring.co, 'SageMaker Inference: Real-Time vs Serverless' (March 2026)";

export const INSTANCE_TYPES: Record<string, InstanceTypeSpec> = {
  "ml.g5.xlarge": {
    instanceType: "ml.g5.xlarge",
    vcpus: 4,
    memoryGiB: 16,
    acceleratorMemoryGiB: 24,
    instanceStorageGiB: 250,
    pricePerHour: 1.41,
    priceSource: ZIRCON,
  },
  "ml.g5.2xlarge": {
    instanceType: "ml.g5.2xlarge",
    vcpus: 8,
    memoryGiB: 32,
    acceleratorMemoryGiB: 24,
    instanceStorageGiB: 450,
    pricePerHour: 1.52,
    priceSource: WRING,
  },
  "ml.inf2.xlarge": {
    instanceType: "ml.inf2.xlarge",
    vcpus: 4,
    memoryGiB: 16,
    acceleratorMemoryGiB: 32,
    pricePerHour: 0.76,
    priceSource: WRING,
  },
  "ml.m5.xlarge": {
    instanceType: "ml.m5.xlarge",
    vcpus: 4,
    memoryGiB: 16,
    pricePerHour: 0.269,
    priceSource: ZIRCON,
  },
  "ml.t3.medium": {
    instanceType: "ml.t3.medium",
    vcpus: 2,
    memoryGiB: 4,
    pricePerHour: 0.05,
    priceSource: WRING,
  },
};

/** SageMaker bills per second; a month here is 30 days (720 h), the figure AWS's MME cost comparison uses. */
export const HOURS_PER_MONTH = 720;
