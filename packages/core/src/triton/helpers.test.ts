import { describe, expect, it } from "vitest";
import { backendOf, modelFileFor } from "./backends.js";
import { kserveToTritonDatatype, tritonToKServeDatatype, UnsupportedDataTypeError } from "./datatypes.js";
import { TRITON_DATA_TYPES } from "./model-config.js";
import { parseModelConfig } from "./parse-model-config.js";
import { fullShape } from "./shapes.js";

describe("tritonToKServeDatatype", () => {
  it("maps config data types to KServe datatypes and back", () => {
    expect(tritonToKServeDatatype("TYPE_FP32")).toBe("FP32");
    expect(tritonToKServeDatatype("TYPE_STRING")).toBe("BYTES");
    expect(tritonToKServeDatatype("TYPE_BOOL")).toBe("BOOL");
    for (const type of TRITON_DATA_TYPES.filter((t) => t !== "TYPE_BF16")) {
      expect(kserveToTritonDatatype(tritonToKServeDatatype(type))).toBe(type);
    }
  });

  it("refuses TYPE_BF16, which KServe v2 has no datatype for", () => {
    expect(() => tritonToKServeDatatype("TYPE_BF16")).toThrow(UnsupportedDataTypeError);
    expect(() => tritonToKServeDatatype("TYPE_BF16")).toThrow(
      "TYPE_BF16 has no KServe v2 datatype; mme cannot encode BF16 tensors",
    );
  });
});

describe("backendOf / modelFileFor", () => {
  it.each([
    [{ platform: "onnxruntime_onnx" }, "onnxruntime", "model.onnx"],
    [{ platform: "pytorch_libtorch" }, "pytorch", "model.pt"],
    [{ platform: "tensorrt_plan" }, "tensorrt", "model.plan"],
    [{ platform: "tensorflow_savedmodel" }, "tensorflow", "model.savedmodel"],
    [{ platform: "tensorflow_graphdef" }, "tensorflow", "model.graphdef"],
    [{ platform: "ensemble" }, "ensemble", undefined],
    [{ backend: "python" }, "python", "model.py"],
    [{ backend: "onnxruntime" }, "onnxruntime", "model.onnx"],
    [{ backend: "pytorch" }, "pytorch", "model.pt"],
    [{ backend: "tensorrt" }, "tensorrt", "model.plan"],
    [{ backend: "openvino" }, "openvino", "model.xml"],
    [{ backend: "tensorflow" }, "tensorflow", "model.savedmodel"],
    [{ backend: "my_custom" }, "unknown", undefined],
    [{ platform: "caffe2_netdef" }, "unknown", undefined],
    [{}, "unknown", undefined],
  ])("%j runs on %s and needs %s", (config, backend, file) => {
    expect(backendOf(config)).toBe(backend);
    expect(modelFileFor(backendOf(config), (config as { platform?: string }).platform)).toBe(file);
  });
});

describe("fullShape", () => {
  it("prepends the batch dimension only when the model batches", () => {
    const batched = parseModelConfig(
      `max_batch_size: 8 input { name: "x" data_type: TYPE_FP32 dims: [3, 224, 224] }`,
    );
    expect(fullShape(batched, batched.inputs[0]!)).toEqual([-1, 3, 224, 224]);
    const unbatched = parseModelConfig(`input { name: "x" data_type: TYPE_FP32 dims: [4] }`);
    expect(fullShape(unbatched, unbatched.inputs[0]!)).toEqual([4]);
  });
});
