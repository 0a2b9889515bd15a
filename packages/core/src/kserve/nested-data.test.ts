// A client's payload cannot crash the decoder or cost more than a small multiple of its size: nested
// "data" is read iteratively and flattened before its inner arrays are ever built.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { KServeCodecError } from "./errors.js";
import { flattenTensorData, maxContainers } from "./flat-data.js";
import { decodeInferenceRequest } from "./request.js";
import { tensorFromJson } from "./tensor-json.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function nestedRequest(depth: number, leaf = "1.5"): string {
  const data = `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`;
  return `{"inputs":[{"name":"INPUT0","shape":[1],"datatype":"FP32","data":${data}}]}`;
}

describe("nested data", () => {
  it("decodes data nested 10,000 deep instead of overflowing the stack", () => {
    const request = decodeInferenceRequest(utf8(nestedRequest(10_000)), {});
    expect(Array.from(request.inputs[0]!.data as Float32Array)).toEqual([1.5]);
  });

  it("flattens data nested in code (not parsed) without recursion", () => {
    let data: unknown = [7];
    for (let i = 0; i < 100_000; i++) data = [data];
    const tensor = tensorFromJson({ name: "x", shape: [1], datatype: "INT32", data: data as unknown[] });
    expect(Array.from(tensor.data as Int32Array)).toEqual([7]);
  });

  it("turns numpy-style nested lists into the flat list, strings and spacing kept", () => {
    const json = utf8('{"data": [ [1, 2] , [[3]], [], ["a]b", "c\\"[{"] ],"shape":[2,2]}');
    expect(JSON.parse(text(flattenTensorData(json, "request")))).toEqual({
      data: [1, 2, 3, "a]b", 'c"[{'],
      shape: [2, 2],
    });
  });

  it("leaves flat data byte for byte (no copy)", () => {
    const json = utf8('{"inputs":[{"name":"data","shape":[3],"datatype":"FP32","data":[1,2,3]}]}');
    expect(flattenTensorData(json, "request")).toBe(json);
  });

  it("a 6 MiB body of tiny nested arrays becomes one flat array", () => {
    const pairs = "[1,2],".repeat(1_000_000);
    const body = `{"inputs":[{"name":"x","shape":[2000002],"datatype":"INT32","data":[${pairs}[1,2]]}]}`;
    const flat = text(flattenTensorData(utf8(body), "request"));
    expect(flat.indexOf("[1,2]")).toBe(-1);
    const request = decodeInferenceRequest(utf8(body), {});
    expect(request.inputs[0]!.data.length).toBe(2_000_002);
  });

  it("decodes a 6 MiB body of 1,000,000 nested pairs within an 80 MiB heap", async () => {
    // Building the inner arrays (what JSON.parse alone does) would take over 100 MiB of heap.
    const request = fileURLToPath(new URL("./request.ts", import.meta.url));
    const script = `
      const { decodeInferenceRequest } = await import(${JSON.stringify(request)});
      const n = 1_000_000;
      const body = new TextEncoder().encode(\`{"inputs":[{"name":"x","shape":[\${2 * n}],"datatype":"INT32","data":[\${"[1,2],".repeat(n - 1)}[1,2]]}]}\`);
      console.log(JSON.stringify({ bytes: body.length, elements: decodeInferenceRequest(body, {}).inputs[0].data.length }));`;
    const { stdout } = await promisify(execFile)(process.execPath, [
      "--max-old-space-size=80",
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      script,
    ]);
    expect(JSON.parse(stdout)).toEqual({ bytes: 6_000_071, elements: 2_000_000 });
  });

  it("refuses more arrays and objects than the body's size allows, outside tensor data", () => {
    const many = "[],".repeat(100_000);
    const body = utf8(`{"inputs":[],"extra":[${many}[]]}`);
    expect(100_000).toBeGreaterThan(maxContainers(body.byteLength));
    expect(() => decodeInferenceRequest(body, {})).toThrow(KServeCodecError);
    expect(() => decodeInferenceRequest(body, {})).toThrow(/more than \d+ JSON arrays and objects/);
  });
});
