// The instances a config's instance_group asks for, as Triton's Python and PyTorch backends see them:
// model_instance_kind "CPU" or "GPU" and a device id. KIND_GPU and KIND_AUTO mean a GPU only where the
// machine has an NVIDIA one (the embedded runtime falls back to the CPU where Triton would fail the load).
import { existsSync, readdirSync } from "node:fs";
import type { TritonModelConfig } from "@mme/core/triton";

export interface InstanceSpec {
  kind: "CPU" | "GPU" | "MODEL";
  deviceId: number;
}

export function hasNvidiaGpu(): boolean {
  try {
    return readdirSync("/proc/driver/nvidia/gpus").length > 0;
  } catch {
    return existsSync("/dev/nvidia0");
  }
}

export function instanceSpecs(config: TritonModelConfig, gpuPresent = hasNvidiaGpu()): InstanceSpec[] {
  const specs: InstanceSpec[] = [];
  for (const group of config.instanceGroups) {
    const wantsGpu = group.kind === "KIND_GPU" || group.kind === "KIND_AUTO";
    if (group.kind === "KIND_MODEL") {
      for (let i = 0; i < group.count; i++) specs.push({ kind: "MODEL", deviceId: 0 });
    } else if (wantsGpu && gpuPresent) {
      for (const gpu of group.gpus?.length ? group.gpus : [0]) {
        for (let i = 0; i < group.count; i++) specs.push({ kind: "GPU", deviceId: gpu });
      }
    } else {
      for (let i = 0; i < group.count; i++) specs.push({ kind: "CPU", deviceId: 0 });
    }
  }
  return specs.length > 0 ? specs : [{ kind: gpuPresent ? "GPU" : "CPU", deviceId: 0 }];
}
