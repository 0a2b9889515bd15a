// The suite's configuration, read once from the environment (passed in, never read deep inside).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "@mme/core/process";

export const DOCKER_DIR = fileURLToPath(new URL("../../", import.meta.url));
export { REPO_ROOT };

export interface ContainerSuiteSettings {
  emulatorImage: string;
  runtimeImage: string;
  minioImage: string;
  tritonImage: string;
  /** Pull images that are not present locally (MME_CONTAINERS_PULL=1); off by default: Triton is ~15 GB. */
  pullMissingImages: boolean;
  env: NodeJS.ProcessEnv;
}

/** The pinned third-party images, read from compose.yaml so the suite and the stack never drift apart. */
export function composeImageDefaults(composeText: string): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const match of composeText.matchAll(/image:\s*\$\{(\w+):-([^}]+)\}/g)) {
    defaults[match[1]!] = match[2]!.trim();
  }
  return defaults;
}

export function containerSuiteSettings(env: NodeJS.ProcessEnv = process.env): ContainerSuiteSettings {
  const pinned = composeImageDefaults(readFileSync(`${DOCKER_DIR}compose.yaml`, "utf8"));
  const image = (name: string, fallback: string) => env[name] || pinned[name] || fallback;
  return {
    emulatorImage: image("MME_EMULATOR_IMAGE", "mme/emulator:dev"),
    runtimeImage: image("MME_RUNTIME_IMAGE", "mme/runtime:dev"),
    minioImage: image("MME_MINIO_IMAGE", "minio/minio:latest"),
    tritonImage: image("MME_TRITON_IMAGE", "nvcr.io/nvidia/tritonserver:latest-py3"),
    pullMissingImages: ["1", "true", "yes"].includes((env.MME_CONTAINERS_PULL ?? "").toLowerCase()),
    env,
  };
}
