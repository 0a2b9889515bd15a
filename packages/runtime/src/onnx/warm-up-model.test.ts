import { parseModelConfig } from "@mme/core/triton";
import { addSubOnnxModel } from "@mme/model-registry";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { warmUpModel, warmUpModelConfig } from "./warm-up-model.js";

describe("warmUpModel", () => {
  it("is a model onnxruntime runs with the inputs the session thread's warm-up feeds it", async () => {
    const session = await ort.InferenceSession.create(warmUpModel());
    const a = new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4]), [4]);
    const b = new ort.Tensor("float32", Float32Array.from([4, 3, 2, 1]), [4]);
    const out = await session.run({ INPUT0: a, INPUT1: b });
    expect([...(out.OUTPUT0!.data as Float32Array)]).toEqual([5, 5, 5, 5]);
    expect([...(out.OUTPUT1!.data as Float32Array)]).toEqual([-3, -1, 1, 3]);
    await session.release();
  });

  it("has the registry's add_sub_onnx config.pbtxt, under the name it is given", () => {
    const registry = addSubOnnxModel().files;
    expect(warmUpModelConfig("add_sub_onnx")).toBe(registry["config.pbtxt"]);
    expect(parseModelConfig(warmUpModelConfig("other")).name).toBe("other");
  });
});
