// The binary tensor layout checked against numpy, the way Python clients (tritonclient) build and read it.

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { float32ToHalfBits } from "./half-float.js";
import { decodeInferenceRequest } from "./request.js";
import { encodeInferenceResponse } from "./response.js";

const PYTHON_PEER = `
import sys, json, struct, numpy as np
DT = {"BOOL": np.bool_, "UINT8": np.uint8, "UINT16": np.uint16, "UINT32": np.uint32, "UINT64": np.uint64,
      "INT8": np.int8, "INT16": np.int16, "INT32": np.int32, "INT64": np.int64, "FP16": np.float16,
      "FP32": np.float32, "FP64": np.float64}
def bytes_blob(items):
    return b"".join(struct.pack("<I", len(i)) + i for i in items)
if sys.argv[1] == "make":
    arrays = [("f32", "FP32", np.array([[1.5, -2], [3, 4]], "<f4")), ("i64", "INT64", np.array([2**62 + 1, -3], "<i8")),
              ("flags", "BOOL", np.array([True, False, True])), ("half", "FP16", np.array([0.5, -1.25], "<f2")),
              ("u16", "UINT16", np.array([65535, 1], "<u2"))]
    inputs, blobs = [], []
    for name, dt, a in arrays:
        blobs.append(a.tobytes())
        inputs.append({"name": name, "shape": list(a.shape), "datatype": dt, "parameters": {"binary_data_size": len(blobs[-1])}})
    blobs.append(bytes_blob([b"", "ünï".encode(), b"abc"]))
    inputs.append({"name": "text", "shape": [3], "datatype": "BYTES", "parameters": {"binary_data_size": len(blobs[-1])}})
    header = json.dumps({"inputs": inputs, "outputs": [{"name": "out", "parameters": {"binary_data": True}}]}).encode()
    sys.stdout.write(json.dumps({"length": len(header), "body": (header + b"".join(blobs)).hex()}))
else:
    body = sys.stdin.buffer.read()
    length = int(sys.argv[2])
    offset, result = length, {}
    for o in json.loads(body[:length])["outputs"]:
        size = o["parameters"]["binary_data_size"]
        blob = body[offset:offset + size]
        offset += size
        if o["datatype"] == "BYTES":
            items, i = [], 0
            while i < len(blob):
                n = struct.unpack_from("<I", blob, i)[0]
                items.append(blob[i + 4:i + 4 + n].decode())
                i += 4 + n
            result[o["name"]] = items
        else:
            a = np.frombuffer(blob, dtype=np.dtype(DT[o["datatype"]]).newbyteorder("<")).reshape(o["shape"])
            result[o["name"]] = [str(v) for v in a.flatten().tolist()]
    sys.stdout.write(json.dumps(result))
`;

describe("binary tensors against numpy", () => {
  it("decodes a request body that numpy built", () => {
    const made = JSON.parse(execFileSync("python3", ["-c", PYTHON_PEER, "make"]).toString());
    const body = Uint8Array.from(Buffer.from(made.body, "hex"));
    const request = decodeInferenceRequest(body, { inferenceHeaderContentLength: made.length });
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expect(request.inputs).toEqual([
      { name: "f32", datatype: "FP32", shape: [2, 2], data: new Float32Array([1.5, -2, 3, 4]) },
      { name: "i64", datatype: "INT64", shape: [2], data: new BigInt64Array([2n ** 62n + 1n, -3n]) },
      { name: "flags", datatype: "BOOL", shape: [3], data: new Uint8Array([1, 0, 1]) },
      {
        name: "half",
        datatype: "FP16",
        shape: [2],
        data: new Uint16Array([0.5, -1.25].map(float32ToHalfBits)),
      },
      { name: "u16", datatype: "UINT16", shape: [2], data: new Uint16Array([65535, 1]) },
      { name: "text", datatype: "BYTES", shape: [3], data: [utf8(""), utf8("ünï"), utf8("abc")] },
    ]);
    expect(request.outputs).toEqual([{ name: "out", binary: true }]);
  });

  it("encodes a response body that numpy reads back", () => {
    const encoded = encodeInferenceResponse(
      {
        modelName: "m",
        outputs: [
          { name: "f64", datatype: "FP64", shape: [2], data: new Float64Array([0.25, -1e10]) },
          { name: "u64", datatype: "UINT64", shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
          { name: "i8", datatype: "INT8", shape: [1, 2], data: new Int8Array([-128, 5]) },
          { name: "half", datatype: "FP16", shape: [1], data: new Uint16Array([float32ToHalfBits(-0.75)]) },
          {
            name: "text",
            datatype: "BYTES",
            shape: [2],
            data: [new TextEncoder().encode("日本"), new Uint8Array()],
          },
        ],
      },
      { binaryOutputs: true },
    );
    const read = JSON.parse(
      execFileSync(
        "python3",
        ["-c", PYTHON_PEER, "read", encoded.headers["inference-header-content-length"] ?? ""],
        {
          input: encoded.body,
        },
      ).toString(),
    );
    expect(read).toEqual({
      f64: ["0.25", "-10000000000.0"],
      u64: ["18446744073709551615"],
      i8: ["-128", "5"],
      half: ["-0.75"],
      text: ["日本", ""],
    });
  });
});
