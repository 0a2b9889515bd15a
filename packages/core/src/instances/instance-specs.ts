// SageMaker hosting instance types' hardware: vCPUs, memory, accelerators and instance storage, as
// data (one table for `mme doctor` and `mme plan`; prices live in sizing/offline-prices.ts).
// Compiled 2026-12-01 from AWS's published specifications:
//   https://aws.amazon.com/sagemaker/pricing/ (ml.* instance vCPU and memory, real-time inference)
//   https://docs.aws.amazon.com/ec2/latest/instancetypes/ (gp.html, co.html, mo.html, ac.html;
//     instance storage and Inferentia accelerator memory)
//   https://docs.aws.amazon.com/batch/latest/userguide/gpu-jobs.html (GPU count and GPU memory)
// An ml.<family>.<size> has the hardware of the EC2 <family>.<size>. Memory and storage in GiB.

export const INSTANCE_SPECS_AS_OF = "2026-12-01";

export interface InstanceSpec {
  vcpus: number;
  memoryGiB: number;
  gpus?: Accelerators;
  /** Accelerators that are not GPUs (AWS Inferentia): models load into their memory the same way. */
  accelerators?: Accelerators;
}

export interface Accelerators {
  count: number;
  model: string;
  memoryGiBEach: number;
}

type Row = [size: string, vcpus: number, memoryGiB: number, gpuCount?: number];

function family(name: string, rows: Row[], gpu?: { model: string; memoryGiBEach: number }) {
  return rows.map(([size, vcpus, memoryGiB, gpuCount]): [string, InstanceSpec] => [
    `ml.${name}.${size}`,
    { vcpus, memoryGiB, ...(gpu ? { gpus: { count: gpuCount ?? 1, ...gpu } } : {}) },
  ]);
}

export const INSTANCE_SPECS: Readonly<Record<string, InstanceSpec>> = Object.fromEntries([
  ...family("t2", [
    ["medium", 2, 4],
    ["large", 2, 8],
    ["xlarge", 4, 16],
    ["2xlarge", 8, 32],
  ]),
  ...family("t3", [["medium", 2, 4]]),
  ...family("m5", [
    ["large", 2, 8],
    ["xlarge", 4, 16],
    ["2xlarge", 8, 32],
    ["4xlarge", 16, 64],
    ["12xlarge", 48, 192],
    ["24xlarge", 96, 384],
  ]),
  ...family("m5d", [
    ["large", 2, 8],
    ["xlarge", 4, 16],
    ["2xlarge", 8, 32],
    ["4xlarge", 16, 64],
    ["12xlarge", 48, 192],
    ["24xlarge", 96, 384],
  ]),
  ...family("c5", [
    ["large", 2, 4],
    ["xlarge", 4, 8],
    ["2xlarge", 8, 16],
    ["4xlarge", 16, 32],
    ["9xlarge", 36, 72],
    ["18xlarge", 72, 144],
  ]),
  ...family("r5", [
    ["large", 2, 16],
    ["xlarge", 4, 32],
    ["2xlarge", 8, 64],
    ["4xlarge", 16, 128],
    ["12xlarge", 48, 384],
    ["24xlarge", 96, 768],
  ]),
  ...family(
    "g4dn",
    [
      ["xlarge", 4, 16],
      ["2xlarge", 8, 32],
      ["4xlarge", 16, 64],
      ["8xlarge", 32, 128],
      ["12xlarge", 48, 192, 4],
      ["16xlarge", 64, 256],
    ],
    { model: "NVIDIA T4", memoryGiBEach: 16 },
  ),
  ...family(
    "g5",
    [
      ["xlarge", 4, 16],
      ["2xlarge", 8, 32],
      ["4xlarge", 16, 64],
      ["8xlarge", 32, 128],
      ["16xlarge", 64, 256],
      ["12xlarge", 48, 192, 4],
      ["24xlarge", 96, 384, 4],
      ["48xlarge", 192, 768, 8],
    ],
    { model: "NVIDIA A10G", memoryGiBEach: 24 },
  ),
  ...family(
    "g6",
    [
      ["xlarge", 4, 16],
      ["2xlarge", 8, 32],
      ["4xlarge", 16, 64],
      ["8xlarge", 32, 128],
      ["16xlarge", 64, 256],
      ["12xlarge", 48, 192, 4],
      ["24xlarge", 96, 384, 4],
      ["48xlarge", 192, 768, 8],
    ],
    { model: "NVIDIA L4", memoryGiBEach: 24 },
  ),
  ...family(
    "g6e",
    [
      ["xlarge", 4, 32],
      ["2xlarge", 8, 64],
      ["4xlarge", 16, 128],
      ["8xlarge", 32, 256],
      ["16xlarge", 64, 512],
      ["12xlarge", 48, 384, 4],
      ["24xlarge", 96, 768, 4],
      ["48xlarge", 192, 1536, 8],
    ],
    { model: "NVIDIA L40S", memoryGiBEach: 48 },
  ),
  ...family(
    "p3",
    [
      ["2xlarge", 8, 61],
      ["8xlarge", 32, 244, 4],
      ["16xlarge", 64, 488, 8],
    ],
    {
      model: "NVIDIA V100",
      memoryGiBEach: 16,
    },
  ),
  ...family("p4d", [["24xlarge", 96, 1152, 8]], { model: "NVIDIA A100", memoryGiBEach: 40 }),
  [
    "ml.inf2.xlarge",
    { vcpus: 4, memoryGiB: 16, accelerators: { count: 1, model: "AWS Inferentia2", memoryGiBEach: 32 } },
  ],
]);

/** Local NVMe instance storage, where the type has it; SageMaker uses it instead of an EBS volume. */
export const INSTANCE_STORAGE_GIB: Readonly<Record<string, number>> = {
  "ml.g5.xlarge": 250,
  "ml.g5.2xlarge": 450,
};
