import { describe, expect, it } from "vitest";
import { parseJsonHeaderSize } from "./content-type.js";
import { KServeCodecError } from "./errors.js";
import { decodeInferenceRequest } from "./request.js";
import { decodeInferenceResponse } from "./response.js";
import { tensorToBytes } from "./tensor-bytes.js";
import { tensorFromJson } from "./tensor-json.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

function requestError(json: unknown, blobs: number[] = [], headerLength?: number | string): KServeCodecError {
  const header = utf8(JSON.stringify(json));
  const body = new Uint8Array([...header, ...blobs]);
  const length = headerLength ?? (blobs.length > 0 ? header.byteLength : undefined);
  try {
    decodeInferenceRequest(body, { inferenceHeaderContentLength: length });
  } catch (error) {
    expect(error).toBeInstanceOf(KServeCodecError);
    expect((error as KServeCodecError).status).toBe(400);
    return error as KServeCodecError;
  }
  throw new Error("expected a KServeCodecError");
}

const input = (fields: Record<string, unknown>) => ({
  inputs: [{ name: "INPUT0", shape: [4], datatype: "FP32", ...fields }],
});

describe("malformed requests give one clear line", () => {
  it("rejects bad JSON", () => {
    expect(() => decodeInferenceRequest(utf8('{"inputs": [}'), {})).toThrow(
      /^inference request is not valid JSON: /,
    );
    expect(() => decodeInferenceRequest(utf8("[1, 2]"), {})).toThrow(
      "inference request must be a JSON object",
    );
  });

  it("rejects a request without inputs, or with inputs of the wrong type", () => {
    expect(requestError({ id: "x" }).message).toBe('inference request has no "inputs"');
    expect(requestError({ inputs: {} }).message).toBe('inference request: "inputs" must be an array');
    expect(requestError({ inputs: [5] }).message).toBe("input #0 must be a JSON object");
    expect(requestError({ inputs: [{ shape: [1], datatype: "FP32", data: [1] }] }).message).toBe(
      'input #0: "name" must be a non-empty string',
    );
    expect(requestError({ id: 7, inputs: [] }).message).toBe('inference request: "id" must be a string');
  });

  it("rejects a binary blob of the wrong size for its shape", () => {
    expect(requestError(input({ parameters: { binary_data_size: 12 } }), Array(12).fill(0)).message).toBe(
      "input INPUT0: expected 16 bytes of FP32 data for shape [4], got 12",
    );
  });

  it("rejects a header length beyond the body", () => {
    expect(requestError(input({ data: [1, 2, 3, 4] }), [], 9999).message).toMatch(
      /^Inference-Header-Content-Length 9999 is beyond the body's \d+ bytes$/,
    );
    expect(() =>
      decodeInferenceRequest(utf8("{}"), {
        contentType: "application/vnd.sagemaker-triton.binary+json;json-header-size=100",
      }),
    ).toThrow("Content-Type json-header-size 100 is beyond the body's 2 bytes");
    expect(requestError(input({ data: [1, 2, 3, 4] }), [], "12abc").message).toBe(
      'Inference-Header-Content-Length must be a non-negative integer, got "12abc"',
    );
  });

  it("rejects binary data the body does not hold, or that no input claims", () => {
    expect(requestError(input({ parameters: { binary_data_size: 16 } }), [1, 2, 3, 4]).message).toBe(
      "input INPUT0: binary_data_size 16 goes beyond the body (4 bytes of binary data left)",
    );
    expect(requestError(input({ parameters: { binary_data_size: 16 } })).message).toBe(
      "input INPUT0: binary_data_size 16 goes beyond the body (0 bytes of binary data left) " +
        "(no Inference-Header-Content-Length header or json-header-size content type was given)",
    );
    expect(requestError(input({ data: [1, 2, 3, 4] }), [9, 9]).message).toBe(
      "inference request has 2 bytes of binary data that no tensor claims",
    );
    expect(requestError(input({ parameters: { binary_data_size: -1 } }), [0]).message).toBe(
      "input INPUT0: binary_data_size must be a non-negative integer, got -1",
    );
    expect(
      requestError(input({ data: [1, 2, 3, 4], parameters: { binary_data_size: 16 } }), Array(16).fill(0))
        .message,
    ).toBe('input INPUT0: has both "data" and binary_data_size');
  });

  it("rejects BYTES blobs whose length prefixes do not add up", () => {
    const bytes = { shape: [1], datatype: "BYTES", parameters: { binary_data_size: 6 } };
    expect(requestError(input(bytes), [9, 0, 0, 0, 0x61, 0x62]).message).toBe(
      "input INPUT0: BYTES element 0 claims 9 bytes but only 2 remain",
    );
    expect(
      requestError(input({ ...bytes, parameters: { binary_data_size: 7 } }), [1, 0, 0, 0, 0x61, 0, 0])
        .message,
    ).toBe("input INPUT0: 2 bytes left over after 1 BYTES elements");
  });

  it("rejects element counts that do not match the shape", () => {
    expect(requestError(input({ data: [1, 2, 3] })).message).toBe(
      "input INPUT0: shape [4] needs 4 elements, the data has 3",
    );
    expect(requestError(input({ shape: [2, 2], data: [[1, 2], [3]] })).message).toBe(
      "input INPUT0: shape [2, 2] needs 4 elements, the data has 3",
    );
    expect(requestError(input({})).message).toBe('input INPUT0: has neither "data" nor binary_data_size');
  });

  it("rejects unknown datatypes and bad shapes", () => {
    expect(requestError(input({ datatype: "FP8", data: [1, 2, 3, 4] })).message).toBe(
      'input INPUT0: unknown datatype "FP8"',
    );
    expect(requestError(input({ shape: [-1, 4], data: [1, 2, 3, 4] })).message).toBe(
      "input INPUT0: shape [-1, 4] has a negative dimension",
    );
    expect(requestError(input({ shape: [1.5], data: [1] })).message).toBe(
      "input INPUT0: shape [1.5] has a non-integer dimension",
    );
    expect(requestError(input({ shape: "4", data: [1] })).message).toBe(
      'input INPUT0: "shape" must be an array of integers',
    );
  });

  it("rejects elements of the wrong JSON type or out of range", () => {
    const one = (datatype: string, value: unknown) =>
      requestError({ inputs: [{ name: "x", shape: [1], datatype, data: [value] }] }).message;
    expect(one("BOOL", 1)).toBe("input x: element 0 of BOOL data must be true or false, got 1");
    expect(one("INT8", 300)).toBe(
      "input x: element 0 of INT8 data must be an integer in [-128, 127], got 300",
    );
    expect(one("UINT32", 1.5)).toBe(
      "input x: element 0 of UINT32 data must be an integer in [0, 4294967295], got 1.5",
    );
    expect(one("UINT64", -1)).toMatch(
      /^input x: element 0 of UINT64 data must be an integer in \[0, 18446744073709551615\]/,
    );
    expect(one("INT64", "12a")).toMatch(/^input x: element 0 of INT64 data must be an integer/);
    expect(one("FP32", "abc")).toBe('input x: element 0 of FP32 data must be a number, got "abc"');
    expect(one("BYTES", 5)).toBe("input x: element 0 of BYTES data must be a string, got 5");
    expect(requestError({ inputs: [{ name: "x", shape: [1], datatype: "FP32", data: 5 }] }).message).toBe(
      'input x: "data" must be an array',
    );
  });

  it("rejects malformed output requests and parameters", () => {
    const ok = input({ data: [1, 2, 3, 4] });
    expect(requestError({ ...ok, outputs: [{ parameters: {} }] }).message).toBe(
      'requested output #0 must be an object with a non-empty "name"',
    );
    expect(
      requestError({ ...ok, outputs: [{ name: "O", parameters: { binary_data: "yes" } }] }).message,
    ).toBe('requested output O: binary_data must be true or false, got "yes"');
    expect(requestError({ ...ok, parameters: { binary_data_output: 1 } }).message).toBe(
      "inference request: binary_data_output must be true or false, got 1",
    );
    expect(requestError({ ...ok, parameters: [] }).message).toBe(
      'inference request: "parameters" must be a JSON object',
    );
  });

  it("rejects a malformed json-header-size parameter", () => {
    expect(() =>
      parseJsonHeaderSize("application/vnd.sagemaker-triton.binary+json;json-header-size=x"),
    ).toThrow('Content-Type json-header-size must be a non-negative integer, got "x"');
    expect(parseJsonHeaderSize("application/json")).toBeUndefined();
    expect(parseJsonHeaderSize(undefined)).toBeUndefined();
    expect(parseJsonHeaderSize("application/vnd.sagemaker-triton.binary+json")).toBeUndefined();
    expect(
      parseJsonHeaderSize(
        "Application/VND.sagemaker-triton.binary+json; charset=utf-8; json-header-size = 42",
      ),
    ).toBe(42);
  });
});

describe("malformed responses and tensors", () => {
  it("surfaces a KServe error body as the error", () => {
    expect(() => decodeInferenceResponse(utf8('{"error":"model add_sub is not ready"}'), {})).toThrow(
      "inference response is an error: model add_sub is not ready",
    );
    expect(() => decodeInferenceResponse(utf8('{"model_name":"m"}'), {})).toThrow(
      'inference response has no "outputs"',
    );
  });

  it("refuses to encode data whose array type or length does not fit the tensor", () => {
    expect(() =>
      tensorToBytes({ name: "OUTPUT0", datatype: "FP32", shape: [2], data: new Float64Array(2) }, "output"),
    ).toThrow("output OUTPUT0: FP32 data must be a Float32Array, got Float64Array");
    expect(() =>
      tensorToBytes({ name: "t", datatype: "FP32", shape: [3], data: new Float32Array(2) }),
    ).toThrow("tensor t: shape [3] needs 3 elements, the data has 2");
    expect(() =>
      tensorToBytes({ name: "t", datatype: "BYTES", shape: [1], data: new Uint8Array(1) as never }),
    ).toThrow("tensor t: BYTES data must be an array of Uint8Array");
  });

  it("names the tensor when decoding one JSON tensor on its own", () => {
    expect(() =>
      tensorFromJson({ name: "OUTPUT1", shape: [1], datatype: "INT32", data: [true] }, "output"),
    ).toThrow(
      "output OUTPUT1: element 0 of INT32 data must be an integer in [-2147483648, 2147483647], got true",
    );
  });
});
