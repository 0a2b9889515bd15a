import { describe, expect, it } from "vitest";
import { INFERENCE_HEADER_CONTENT_LENGTH, SAGEMAKER_TRITON_BINARY_CONTENT_TYPE } from "./content-type.js";
import type { EncodedBody } from "./encoded-body.js";
import { float32ToHalfBits } from "./half-float.js";
import { decodeInferenceRequest, encodeInferenceRequest } from "./request.js";
import { decodeInferenceResponse, encodeInferenceResponse } from "./response.js";
import type { Tensor } from "./types.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

/** One tensor per datatype, with the values at the edges of each type. */
const EVERY_DATATYPE: Tensor[] = [
  { name: "bool", datatype: "BOOL", shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
  { name: "u8", datatype: "UINT8", shape: [3], data: new Uint8Array([0, 255, 7]) },
  { name: "u16", datatype: "UINT16", shape: [2], data: new Uint16Array([0, 65535]) },
  { name: "u32", datatype: "UINT32", shape: [2], data: new Uint32Array([0, 4294967295]) },
  {
    name: "u64",
    datatype: "UINT64",
    shape: [3],
    data: new BigUint64Array([0n, 2n ** 64n - 1n, 2n ** 53n + 1n]),
  },
  { name: "i8", datatype: "INT8", shape: [3], data: new Int8Array([-128, 127, 0]) },
  { name: "i16", datatype: "INT16", shape: [2], data: new Int16Array([-32768, 32767]) },
  { name: "i32", datatype: "INT32", shape: [1, 2], data: new Int32Array([-2147483648, 2147483647]) },
  {
    name: "i64",
    datatype: "INT64",
    shape: [4],
    data: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n, -5n]),
  },
  {
    name: "fp16",
    datatype: "FP16",
    shape: [4],
    data: new Uint16Array([1, -2.5, 65504, 0.1].map(float32ToHalfBits)),
  },
  {
    name: "fp32",
    datatype: "FP32",
    shape: [2, 3],
    data: new Float32Array([1.5, -3.25, 3.4028234663852886e38, 1e-45, Number.NaN, Number.NEGATIVE_INFINITY]),
  },
  {
    name: "fp64",
    datatype: "FP64",
    shape: [3],
    data: new Float64Array([Math.PI, -1e300, Number.POSITIVE_INFINITY]),
  },
  { name: "bytes", datatype: "BYTES", shape: [4], data: ["", "héllo wörld ✓ 🚀", "abc", "日本語"].map(utf8) },
  { name: "scalar", datatype: "FP32", shape: [], data: new Float32Array([42]) },
  { name: "empty", datatype: "BYTES", shape: [0, 3], data: [] },
];

type Form = "json" | "binary" | "sagemaker";

const decodeOptions = (encoded: EncodedBody) => ({
  contentType: encoded.contentType,
  inferenceHeaderContentLength: encoded.headers[INFERENCE_HEADER_CONTENT_LENGTH],
});

describe.each<Form>(["json", "binary", "sagemaker"])("round trip in %s form", (form) => {
  const binary = form !== "json";
  const sagemaker = form === "sagemaker";

  it("keeps every datatype's values exactly in a request", () => {
    const encoded = encodeInferenceRequest({ id: "r-1", inputs: EVERY_DATATYPE }, { binary, sagemaker });
    const decoded = decodeInferenceRequest(encoded.body, decodeOptions(encoded));
    expect(decoded.id).toBe("r-1");
    expect(decoded.inputs).toEqual(EVERY_DATATYPE);
    expect(decoded.binaryDataOutput).toBe(false);
  });

  it("keeps every datatype's values exactly in a response", () => {
    const response = { modelName: "add_sub", modelVersion: "1", id: "r-2", outputs: EVERY_DATATYPE };
    const encoded = encodeInferenceResponse(response, { binaryOutputs: binary, sagemaker });
    expect(decodeInferenceResponse(encoded.body, decodeOptions(encoded))).toEqual(response);
  });

  it("labels the body the way Triton does", () => {
    const encoded = encodeInferenceRequest({ inputs: EVERY_DATATYPE }, { binary, sagemaker });
    if (form === "json") {
      expect(encoded.contentType).toBe("application/json");
      expect(encoded.headers).toEqual({});
      expect(JSON.parse(new TextDecoder().decode(encoded.body)).inputs[0].data).toEqual([
        true,
        false,
        false,
        true,
      ]);
    } else if (form === "binary") {
      expect(encoded.contentType).toBe("application/octet-stream");
      const length = Number(encoded.headers["inference-header-content-length"]);
      const header = JSON.parse(new TextDecoder().decode(encoded.body.subarray(0, length)));
      expect(header.inputs[10]).toEqual({
        name: "fp32",
        datatype: "FP32",
        shape: [2, 3],
        parameters: { binary_data_size: 24 },
      });
    } else {
      expect(encoded.headers).toEqual({});
      const length = Number(encoded.contentType.split("json-header-size=")[1]);
      expect(encoded.contentType).toBe(`${SAGEMAKER_TRITON_BINARY_CONTENT_TYPE};json-header-size=${length}`);
      expect(JSON.parse(new TextDecoder().decode(encoded.body.subarray(0, length))).inputs).toHaveLength(15);
    }
  });
});

describe("mixed and requested tensors", () => {
  it("decodes binary and JSON inputs side by side in one request", () => {
    const header = JSON.stringify({
      inputs: [
        { name: "INPUT0", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
        {
          name: "INPUT1",
          shape: [2, 2],
          datatype: "FP32",
          data: [
            [1, 2],
            [3, 4],
          ],
        },
        { name: "TEXT", shape: [2], datatype: "BYTES", parameters: { binary_data_size: 13 } },
      ],
    });
    const floats = new Uint8Array(new Float32Array([0.5, 1.5, 2.5, 3.5]).buffer);
    const text = new Uint8Array([1, 0, 0, 0, 0x61, 4, 0, 0, 0, 0xf0, 0x9f, 0x9a, 0x80]);
    const body = new Uint8Array([...utf8(header), ...floats, ...text]);
    const decoded = decodeInferenceRequest(body, {
      inferenceHeaderContentLength: String(utf8(header).length),
    });
    expect(decoded.inputs).toEqual([
      { name: "INPUT0", shape: [4], datatype: "FP32", data: new Float32Array([0.5, 1.5, 2.5, 3.5]) },
      { name: "INPUT1", shape: [2, 2], datatype: "FP32", data: new Float32Array([1, 2, 3, 4]) },
      { name: "TEXT", shape: [2], datatype: "BYTES", data: [utf8("a"), utf8("🚀")] },
    ]);
  });

  it("encodes only the inputs the predicate picks as binary", () => {
    const inputs = EVERY_DATATYPE.slice(0, 3);
    const encoded = encodeInferenceRequest({ inputs }, { binary: (name) => name === "u8" });
    const length = Number(encoded.headers[INFERENCE_HEADER_CONTENT_LENGTH]);
    expect(encoded.body.byteLength - length).toBe(3);
    expect(decodeInferenceRequest(encoded.body, decodeOptions(encoded)).inputs).toEqual(inputs);
  });

  it("reads requested outputs: binary_data overrides binary_data_output", () => {
    const request = {
      parameters: { binary_data_output: true },
      inputs: [{ name: "INPUT0", shape: [1], datatype: "FP32", data: [1] }],
      outputs: [{ name: "OUTPUT0" }, { name: "OUTPUT1", parameters: { binary_data: false } }],
    };
    const decoded = decodeInferenceRequest(utf8(JSON.stringify(request)), {});
    expect(decoded.binaryDataOutput).toBe(true);
    expect(decoded.parameters).toEqual({ binary_data_output: true });
    expect(decoded.outputs).toEqual([
      { name: "OUTPUT0", binary: true },
      { name: "OUTPUT1", binary: false },
    ]);
  });

  it("sends requested outputs with their binary_data flag", () => {
    const encoded = encodeInferenceRequest(
      { inputs: EVERY_DATATYPE.slice(0, 1), outputs: [{ name: "OUTPUT0", binary: true }] },
      { binary: false },
    );
    expect(JSON.parse(new TextDecoder().decode(encoded.body)).outputs).toEqual([
      { name: "OUTPUT0", parameters: { binary_data: true } },
    ]);
    expect(decodeInferenceRequest(encoded.body, {}).outputs).toEqual([{ name: "OUTPUT0", binary: true }]);
  });

  it("keeps INT64 beyond 2^53 exact when sent as bare JSON numbers or strings", () => {
    const text =
      '{"id":"12345678901234567890","inputs":[{"name":"big","shape":[3],"datatype":"INT64",' +
      '"data":[9007199254740993,"-9223372036854775808",12]},' +
      '{"name":"u","shape":[1],"datatype":"UINT64","data":[18446744073709551615]},' +
      '{"name":"f","shape":[4],"datatype":"FP64","data":[0.30000000000000004,1.2345678901234567e+25,12345678901234567890,-1e-7]}]}';
    const decoded = decodeInferenceRequest(utf8(text), {});
    expect(decoded.id).toBe("12345678901234567890");
    expect(decoded.inputs[0]?.data).toEqual(new BigInt64Array([9007199254740993n, -(2n ** 63n), 12n]));
    expect(decoded.inputs[1]?.data).toEqual(new BigUint64Array([2n ** 64n - 1n]));
    expect(decoded.inputs[2]?.data).toEqual(
      new Float64Array([
        0.30000000000000004,
        Number("1.2345678901234567e25"),
        Number("12345678901234567890"),
        -1e-7,
      ]),
    );
  });
});
