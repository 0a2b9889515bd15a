// onnxruntime session options for one instance of a model: our defaults for a small shared CPU box, then
// the Triton onnxruntime backend's config.pbtxt `parameters` where the model sets them.
import type { TritonModelConfig } from "@mme/core/triton";
import type * as ort from "onnxruntime-node";
import { ModelLoadError } from "../errors.js";

/** Total instances across instance_group entries (at least 1). */
export function instanceCountOf(config: TritonModelConfig): number {
  return Math.max(
    1,
    config.instanceGroups.reduce((n, g) => n + g.count, 0),
  );
}

function positiveInteger(modelName: string, key: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new ModelLoadError(
      `model '${modelName}': parameter ${key} must be a non-negative integer, got "${value}"`,
    );
  }
  return n;
}

function flag(modelName: string, key: string, value: string): boolean {
  const normalized = value.trim().toLowerCase();
  if (["1", "true", "on", "yes"].includes(normalized)) return true;
  if (["0", "false", "off", "no"].includes(normalized)) return false;
  throw new ModelLoadError(`model '${modelName}': parameter ${key} must be true or false, got "${value}"`);
}

/**
 * Each instance gets cores / instances intra-op threads, so that all instances busy at once fill the cores
 * without oversubscribing them. Spinning is off: ORT's idle intra-op threads otherwise spin for a while after
 * each operator, which on 2 vCPUs steals the cycles the event loop, the other instances and other models need.
 */
export function onnxSessionOptions(
  modelName: string,
  config: TritonModelConfig,
  cores: number,
): ort.InferenceSession.SessionOptions {
  const params = config.parameters;
  const read = <T>(key: string, parse: (name: string, key: string, value: string) => T): T | undefined =>
    params[key] === undefined ? undefined : parse(modelName, key, params[key]);

  const intra =
    read("intra_op_thread_count", positiveInteger) ||
    Math.max(1, Math.floor(cores / instanceCountOf(config)));
  const inter = read("inter_op_thread_count", positiveInteger) || 1;
  const mode = read("execution_mode", positiveInteger) ?? 0;
  if (mode > 1) {
    throw new ModelLoadError(
      `model '${modelName}': parameter execution_mode must be 0 (sequential) or 1 (parallel), got ${mode}`,
    );
  }
  return {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    executionMode: mode === 1 ? "parallel" : "sequential",
    intraOpNumThreads: intra,
    interOpNumThreads: inter,
    enableCpuMemArena: read("enable_mem_arena", flag) ?? true,
    enableMemPattern: read("enable_mem_pattern", flag) ?? true,
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  };
}
