import type { InstanceSpec } from "../instances/instance-specs.js";

export interface ModelMemory {
  /** Bytes one model copy may use: one GPU's (accelerator's) memory (Triton puts a copy on every GPU by default), else host memory. */
  bytesPerModelCopy: number;
  /** What that memory is, for messages: "24 GiB of NVIDIA A10G memory (per GPU)". */
  description: string;
}

export function modelMemoryOf(spec: InstanceSpec): ModelMemory {
  const devices = spec.gpus ?? spec.accelerators;
  if (devices) {
    const each = spec.gpus ? "GPU" : "accelerator";
    return {
      bytesPerModelCopy: devices.memoryGiBEach * 1024 ** 3,
      description: `${devices.memoryGiBEach} GiB of ${devices.model} memory${devices.count > 1 ? ` per ${each}` : ""}`,
    };
  }
  return { bytesPerModelCopy: spec.memoryGiB * 1024 ** 3, description: `${spec.memoryGiB} GiB of memory` };
}
