// SageMaker hosting instance types: vCPUs, memory and accelerators, as data.
// Compiled 2026-12-01 from AWS's published specifications:
//   https://aws.amazon.com/sagemaker/pricing/ (ml.* instance vCPU and memory, real-time inference)
//   https://docs.aws.amazon.com/ec2/latest/instancetypes/ (gp.html, co.html, mo.html, ac.html)
//   https://docs.aws.amazon.com/batch/latest/userguide/gpu-jobs.html (GPU count and GPU memory)
// An ml.<family>.<size> has the hardware of the EC2 <family>.<size>. Memory in GiB.

export const INSTANCE_SPECS_AS_OF = "2026-12-01";

export interface InstanceSpec {
  vcpus: number;
  memoryGiB: number;
  gpus?: { count: number; model: string; memoryGiBEach: number };
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
]);

export interface ModelMemory {
  /** Bytes one model copy may use: one GPU's memory (Triton puts a copy on every GPU by default), else host memory. */
  bytesPerModelCopy: number;
  /** What that memory is, for messages: "24 GiB of NVIDIA A10G memory (per GPU)". */
  description: string;
}

export function modelMemoryOf(spec: InstanceSpec): ModelMemory {
  if (spec.gpus) {
    return {
      bytesPerModelCopy: spec.gpus.memoryGiBEach * 1024 ** 3,
      description: `${spec.gpus.memoryGiBEach} GiB of ${spec.gpus.model} memory${spec.gpus.count > 1 ? " per GPU" : ""}`,
    };
  }
  return { bytesPerModelCopy: spec.memoryGiB * 1024 ** 3, description: `${spec.memoryGiB} GiB of memory` };
}
