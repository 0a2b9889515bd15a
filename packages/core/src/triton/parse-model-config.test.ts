import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../process/repo-root.js";
import { ModelConfigError } from "./model-config-error.js";
import { modelConfigToTritonJson } from "./model-config-json.js";
import { parseModelConfig, readModelConfig } from "./parse-model-config.js";
import { PbtxtSyntaxError } from "./pbtxt/errors.js";

const ADD_SUB_CONFIG = join(REPO_ROOT, "model_registry/add_sub/config.pbtxt");

function configError(text: string): ModelConfigError {
  try {
    parseModelConfig(text, "m/config.pbtxt");
  } catch (error) {
    if (error instanceof ModelConfigError) return error;
    throw error;
  }
  throw new Error("expected a ModelConfigError");
}

describe("parseModelConfig", () => {
  it("reads model_registry/add_sub/config.pbtxt", () => {
    const config = parseModelConfig(readFileSync(ADD_SUB_CONFIG, "utf8"));
    expect(config).toMatchObject({
      name: "add_sub",
      backend: "python",
      maxBatchSize: 0,
      inputs: [
        { name: "INPUT0", dataType: "TYPE_FP32", dims: [4] },
        { name: "INPUT1", dataType: "TYPE_FP32", dims: [4] },
      ],
      outputs: [
        { name: "OUTPUT0", dataType: "TYPE_FP32", dims: [4] },
        { name: "OUTPUT1", dataType: "TYPE_FP32", dims: [4] },
      ],
      instanceGroups: [{ kind: "KIND_CPU", count: 1 }],
      parameters: {},
    });
    expect(config.platform).toBeUndefined();
  });

  it("reads the fields an image classifier config uses", () => {
    const config = parseModelConfig(`
      name: "resnet"
      platform: "onnxruntime_onnx"
      max_batch_size: 16
      input [{ name: "INPUT__0" data_type: TYPE_FP32 format: FORMAT_NCHW dims: [3, 224, 224] reshape { shape: [1, 3, 224, 224] } }]
      output [{ name: "OUTPUT__0" data_type: TYPE_FP32 dims: [1000] label_filename: "labels.txt" }]
      instance_group [{ count: 2 kind: KIND_GPU gpus: [0, 1] }]
      dynamic_batching { preferred_batch_size: [4, 8] max_queue_delay_microseconds: 100 }
      version_policy: { latest: { num_versions: 2 } }
      parameters { key: "EXECUTION_ENV_PATH" value: { string_value: "$$TRITON_MODEL_DIRECTORY/env.tar.gz" } }
      parameters [{ key: "threads" value { string_value: "4" } }]
      default_model_filename: "resnet.onnx"
    `);
    expect(config).toMatchObject({
      platform: "onnxruntime_onnx",
      maxBatchSize: 16,
      inputs: [{ name: "INPUT__0", dims: [3, 224, 224], reshape: [1, 3, 224, 224] }],
      outputs: [{ name: "OUTPUT__0", dims: [1000] }],
      instanceGroups: [{ count: 2, kind: "KIND_GPU", gpus: [0, 1] }],
      dynamicBatching: { preferredBatchSize: [4, 8], maxQueueDelayMicroseconds: 100 },
      versionPolicy: { latest: { numVersions: 2 } },
      parameters: { EXECUTION_ENV_PATH: "$$TRITON_MODEL_DIRECTORY/env.tar.gz", threads: "4" },
      defaultModelFilename: "resnet.onnx",
    });
  });

  it("reads the other version policies and optional inputs", () => {
    expect(parseModelConfig("version_policy { all {} }").versionPolicy).toEqual({ all: true });
    expect(parseModelConfig("version_policy { specific { versions: [1, 3] } }").versionPolicy).toEqual({
      specific: { versions: [1, 3] },
    });
    const config = parseModelConfig(`input { name: "x" data_type: TYPE_STRING dims: [-1] optional: true }`);
    expect(config.inputs[0]).toEqual({ name: "x", dataType: "TYPE_STRING", dims: [-1], optional: true });
  });

  it.each([
    [
      `input { name: "x"\n data_type: TYPE_FLOAT32 dims: [4] }`,
      2,
      13,
      `input "x": unknown data_type TYPE_FLOAT32`,
    ],
    [
      `input { name: "x" data_type: TYPE_FP32\n  dims: [4, 2.5] }`,
      2,
      13,
      `input "x": "dims" must be an integer, found 2.5`,
    ],
    [
      `output { name: "y" data_type: TYPE_FP32 dims: [ -2 ] }`,
      1,
      49,
      `output "y": dims must be -1 (variable size) or a size >= 0, found -2`,
    ],
    [`input [\n  { data_type: TYPE_FP32 dims: [4] }\n]`, 2, 3, `input #1: missing "name"`],
    [`max_batch_size: -1`, 1, 17, "max_batch_size must be 0 (no batching) or more, found -1"],
    [`name: add_sub`, 1, 7, `"name" must be a quoted string, found add_sub`],
    [
      `input { name: "x" data_type: TYPE_FP32 dim: [4] }`,
      1,
      40,
      `input "x": unknown field "dim" (did you mean "dims"?)`,
    ],
    [`nmae: "x"`, 1, 1, `unknown field "nmae" (did you mean "name"?)`],
    [`name: "a"\nname: "b"`, 2, 1, `"name" is set more than once`],
  ])("rejects %j with the offending field's line and column", (text, line, column, reason) => {
    const error = configError(text);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.reason.startsWith(reason)).toBe(true);
    expect(error.message.startsWith(`m/config.pbtxt:${line}:${column}: ${reason}`)).toBe(true);
  });

  it("names every known data type when one is unknown", () => {
    expect(configError(`input { name: "x" data_type: FP32 dims: [1] }`).reason).toBe(
      `input "x": unknown data_type FP32 (expected one of TYPE_BOOL, TYPE_UINT8, TYPE_UINT16, TYPE_UINT32, TYPE_UINT64, TYPE_INT8, TYPE_INT16, TYPE_INT32, TYPE_INT64, TYPE_FP16, TYPE_FP32, TYPE_FP64, TYPE_STRING, TYPE_BF16)`,
    );
  });

  it("collects every problem in document order, duplicate names included", () => {
    const { problems } = readModelConfig(
      `input { name: "A" data_type: TYPE_FP32 dims: [4] }
input { name: "A" data_type: TYPE_NOPE dims: [-5] }
output { data_type: TYPE_FP32 }`,
      "m/config.pbtxt",
    );
    expect(problems).toEqual([
      {
        file: "m/config.pbtxt",
        line: 2,
        column: 15,
        message: `input "A": another input is already named "A" (line 1)`,
      },
      {
        file: "m/config.pbtxt",
        line: 2,
        column: 30,
        message: expect.stringContaining(`input "A": unknown data_type TYPE_NOPE`),
      },
      {
        file: "m/config.pbtxt",
        line: 2,
        column: 47,
        message: `input "A": dims must be -1 (variable size) or a size >= 0, found -5`,
      },
      { file: "m/config.pbtxt", line: 3, column: 8, message: `output #1: missing "name"` },
    ]);
    expect(configError(`input { }\noutput { }`).message).toBe(
      `m/config.pbtxt:1:7: input #1: missing "name" (and 3 more)`,
    );
  });

  it("lets syntax errors through as PbtxtSyntaxError", () => {
    expect(() => parseModelConfig(`name: "a"\ninput {`, "m/config.pbtxt")).toThrow(PbtxtSyntaxError);
  });

  it("gives the JSON Triton hands to a Python model", () => {
    const json = modelConfigToTritonJson(parseModelConfig(readFileSync(ADD_SUB_CONFIG, "utf8")));
    expect(json).toMatchObject({
      name: "add_sub",
      backend: "python",
      max_batch_size: 0,
      input: [
        { name: "INPUT0", data_type: "TYPE_FP32", dims: [4] },
        { name: "INPUT1", data_type: "TYPE_FP32", dims: [4] },
      ],
      output: [
        { name: "OUTPUT0", data_type: "TYPE_FP32", dims: [4] },
        { name: "OUTPUT1", data_type: "TYPE_FP32", dims: [4] },
      ],
      instance_group: [{ name: "add_sub_0", kind: "KIND_CPU", count: 1 }],
      version_policy: { latest: { num_versions: 1 } },
      parameters: {},
    });
  });
});
