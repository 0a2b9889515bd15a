import type { TritonModelConfig } from "@mme/core/triton";
import { describe, expect, it } from "vitest";
import { ModelLoadError } from "../errors.js";
import { onnxSessionOptions } from "./session-options.js";

function config(instances: number[], parameters: Record<string, string> = {}): TritonModelConfig {
  return {
    instanceGroups: instances.map((count) => ({ count, kind: "KIND_CPU" })),
    parameters,
  } as unknown as TritonModelConfig;
}

describe("onnxSessionOptions", () => {
  it("splits the cores over the instances, runs operators in sequence and does not spin", () => {
    expect(onnxSessionOptions("m", config([1]), 2)).toMatchObject({
      intraOpNumThreads: 2,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      enableCpuMemArena: true,
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
    expect(onnxSessionOptions("m", config([2, 2]), 8).intraOpNumThreads).toBe(2);
    expect(onnxSessionOptions("m", config([3]), 2).intraOpNumThreads).toBe(1);
    expect(onnxSessionOptions("m", config([]), 4).intraOpNumThreads).toBe(4);
  });

  it("honours the Triton onnxruntime backend's config.pbtxt parameters", () => {
    const options = onnxSessionOptions(
      "m",
      config([1], {
        intra_op_thread_count: "3",
        inter_op_thread_count: "2",
        execution_mode: "1",
        enable_mem_arena: "false",
        enable_mem_pattern: "0",
      }),
      2,
    );
    expect(options).toMatchObject({
      intraOpNumThreads: 3,
      interOpNumThreads: 2,
      executionMode: "parallel",
      enableCpuMemArena: false,
      enableMemPattern: false,
    });
    expect(onnxSessionOptions("m", config([2], { intra_op_thread_count: "0" }), 4).intraOpNumThreads).toBe(2);
  });

  it.each([
    [
      "intra_op_thread_count",
      "many",
      /model 'm': parameter intra_op_thread_count must be a non-negative integer, got "many"/,
    ],
    ["execution_mode", "2", /execution_mode must be 0 \(sequential\) or 1 \(parallel\), got 2/],
    ["enable_mem_arena", "maybe", /enable_mem_arena must be true or false, got "maybe"/],
  ])("rejects a bad %s with a load error naming it", (key, value, message) => {
    const build = () => onnxSessionOptions("m", config([1], { [key]: value }), 2);
    expect(build).toThrow(ModelLoadError);
    expect(build).toThrow(message);
  });
});
