import { describe, expect, it } from "vitest";
import { SAGEMAKER_TRITON_BINARY_CONTENT_TYPE } from "./content-type.js";
import { kserveErrorBody } from "./error-body.js";
import { decodeInferenceRequest, encodeInferenceRequest } from "./request.js";
import { decodeInferenceResponse, encodeInferenceResponse } from "./response.js";
import { responseModeFor } from "./response-mode.js";
import type { DecodedInferenceResponse } from "./types.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const addSubInputs = [
  { name: "INPUT0", datatype: "FP32" as const, shape: [4], data: new Float32Array([1, 2, 3, 4]) },
  { name: "INPUT1", datatype: "FP32" as const, shape: [4], data: new Float32Array([4, 3, 2, 1]) },
];
const addSubResponse: DecodedInferenceResponse = {
  modelName: "add_sub",
  modelVersion: "1",
  outputs: [
    { name: "OUTPUT0", datatype: "FP32", shape: [4], data: new Float32Array([5, 5, 5, 5]) },
    { name: "OUTPUT1", datatype: "FP32", shape: [4], data: new Float32Array([-3, -1, 1, 3]) },
  ],
};

function answer(requestBody: Uint8Array, contentType: string, inferenceHeaderContentLength?: string) {
  const request = decodeInferenceRequest(requestBody, { contentType, inferenceHeaderContentLength });
  return encodeInferenceResponse(addSubResponse, responseModeFor(request, contentType));
}

describe("answering in kind", () => {
  it("answers a JSON request in JSON", () => {
    const req = encodeInferenceRequest({ inputs: addSubInputs }, { binary: false });
    const res = answer(req.body, req.contentType);
    expect(res.contentType).toBe("application/json");
    expect(res.headers).toEqual({});
    expect(JSON.parse(new TextDecoder().decode(res.body))).toEqual({
      model_name: "add_sub",
      model_version: "1",
      outputs: [
        { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
        { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
      ],
    });
  });

  it("answers binary outputs as application/octet-stream with Inference-Header-Content-Length, as Triton does", () => {
    const req = encodeInferenceRequest(
      {
        inputs: addSubInputs,
        outputs: [
          { name: "OUTPUT0", binary: true },
          { name: "OUTPUT1", binary: false },
        ],
      },
      { binary: true },
    );
    const res = answer(req.body, req.contentType, req.headers["inference-header-content-length"]);
    expect(res.contentType).toBe("application/octet-stream");
    const length = Number(res.headers["inference-header-content-length"]);
    expect(res.body.byteLength - length).toBe(16);
    const header = JSON.parse(new TextDecoder().decode(res.body.subarray(0, length)));
    expect(header.outputs[0].parameters).toEqual({ binary_data_size: 16 });
    expect(header.outputs[1].data).toEqual([-3, -1, 1, 3]);
    expect(decodeInferenceResponse(res.body, { inferenceHeaderContentLength: length })).toEqual(
      addSubResponse,
    );
  });

  it("answers a SageMaker binary request with binary_data_output in SageMaker's content type", () => {
    const req = encodeInferenceRequest(
      { parameters: { binary_data_output: true }, inputs: addSubInputs },
      { binary: true, sagemaker: true },
    );
    const res = answer(req.body, req.contentType);
    expect(res.headers).toEqual({});
    expect(res.contentType).toMatch(
      /^application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=\d+$/,
    );
    expect(res.body.byteLength - Number(res.contentType.split("=")[1])).toBe(32);
    expect(decodeInferenceResponse(res.body, { contentType: res.contentType })).toEqual(addSubResponse);
  });

  it("answers a SageMaker request that asks for no binary output in plain JSON, as Triton does", () => {
    const req = encodeInferenceRequest({ inputs: addSubInputs }, { binary: true, sagemaker: true });
    const mode = responseModeFor(
      decodeInferenceRequest(req.body, { contentType: req.contentType }),
      req.contentType,
    );
    expect(mode.sagemaker).toBe(true);
    expect(mode.binaryOutputs("OUTPUT0")).toBe(false);
    expect(answer(req.body, req.contentType).contentType).toBe("application/json");
  });

  it("lets binary_data on one output override binary_data_output for it alone", () => {
    const body = utf8(
      JSON.stringify({
        parameters: { binary_data_output: true },
        inputs: [{ name: "INPUT0", datatype: "FP32", shape: [1], data: [1] }],
        outputs: [{ name: "OUTPUT1", parameters: { binary_data: false } }],
      }),
    );
    const mode = responseModeFor(decodeInferenceRequest(body, {}), `${SAGEMAKER_TRITON_BINARY_CONTENT_TYPE}`);
    expect(mode.binaryOutputs("OUTPUT1")).toBe(false);
    expect(mode.binaryOutputs("OUTPUT0")).toBe(true);
  });
});

describe("error body", () => {
  it("is the KServe {error} object", () => {
    expect(JSON.parse(new TextDecoder().decode(kserveErrorBody('bad "input"')))).toEqual({
      error: 'bad "input"',
    });
  });
});
