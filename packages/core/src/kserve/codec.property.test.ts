// Properties of the KServe codec over generated tensors (fast-check): every tensor survives an encode
// and decode, as JSON or binary, in SageMaker's content type or with Inference-Header-Content-Length;
// JSON data nested in any way decodes to the same flat tensor; and no input, however malformed, makes
// the decoder throw anything but its 400 KServeCodecError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KServeCodecError } from "./errors.js";
import { decodeInferenceRequest, encodeInferenceRequest } from "./request.js";
import { KSERVE_DATATYPES, type KServeDatatype, type Tensor, type TensorData } from "./types.js";

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });
const countOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const noNegativeZero = (v: number) => (Object.is(v, -0) ? 0 : v);
/** Finite half floats other than -0 (JSON carries NaN/-0 halves as canonical values, not bit for bit). */
const halfBits = fc
  .integer({ min: 0, max: 0xffff })
  .filter((b) => ((b >> 10) & 0x1f) !== 0x1f && b !== 0x8000);

function dataArb(datatype: KServeDatatype, count: number, binary: boolean): fc.Arbitrary<TensorData> {
  const n = { minLength: count, maxLength: count };
  const ints = (min: number, max: number) => fc.array(fc.integer({ min, max }), n);
  switch (datatype) {
    case "BOOL":
      return ints(0, 1).map((v) => Uint8Array.from(v));
    case "UINT8":
      return ints(0, 0xff).map((v) => Uint8Array.from(v));
    case "UINT16":
      return ints(0, 0xffff).map((v) => Uint16Array.from(v));
    case "UINT32":
      return ints(0, 0xffffffff).map((v) => Uint32Array.from(v));
    case "INT8":
      return ints(-0x80, 0x7f).map((v) => Int8Array.from(v));
    case "INT16":
      return ints(-0x8000, 0x7fff).map((v) => Int16Array.from(v));
    case "INT32":
      return ints(-0x80000000, 0x7fffffff).map((v) => Int32Array.from(v));
    case "UINT64":
      return fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), n).map((v) => BigUint64Array.from(v));
    case "INT64":
      return fc
        .array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), n)
        .map((v) => BigInt64Array.from(v));
    case "FP16":
      return fc.array(halfBits, n).map((v) => Uint16Array.from(v));
    case "FP32":
      return fc.array(fc.float(), n).map((v) => Float32Array.from(v.map(noNegativeZero)));
    case "FP64":
      return fc.array(fc.double(), n).map((v) => Float64Array.from(v.map(noNegativeZero)));
    case "BYTES":
      return binary
        ? fc.array(fc.uint8Array({ maxLength: 8 }), n)
        : fc
            .array(fc.string({ unit: "grapheme", maxLength: 6 }), n)
            .map((v) => v.map((s) => new TextEncoder().encode(s)));
  }
}

function tensorArb(name: string, binary: boolean): fc.Arbitrary<Tensor> {
  return fc
    .record({ datatype: fc.constantFrom(...KSERVE_DATATYPES), shape: shapeArb })
    .chain(({ datatype, shape }) =>
      dataArb(datatype, countOf(shape), binary).map((data) => ({ name, datatype, shape, data })),
    );
}

const tensorsArb = (binary: boolean) =>
  fc
    .integer({ min: 1, max: 3 })
    .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => tensorArb(`T${i}`, binary))));

/** Nests a flat list: groups of `size` (from the generated sizes) wrapped in arrays, repeatedly. */
function nest(values: unknown[], sizes: number[]): unknown[] {
  let current: unknown[] = values;
  for (const size of sizes) {
    const groups: unknown[] = [];
    for (let i = 0; i < current.length; i += size) groups.push(current.slice(i, i + size));
    current = groups;
  }
  return current;
}

describe("KServe codec properties", () => {
  it("every tensor round-trips through binary encoding (both length carriers)", () => {
    fc.assert(
      fc.property(tensorsArb(true), fc.boolean(), (inputs, sagemaker) => {
        const encoded = encodeInferenceRequest({ inputs }, { binary: true, sagemaker });
        const decoded = decodeInferenceRequest(encoded.body, {
          contentType: encoded.contentType,
          inferenceHeaderContentLength: encoded.headers["inference-header-content-length"],
        });
        expect(decoded.inputs).toEqual(inputs);
      }),
      { numRuns: 300 },
    );
  });

  it("every tensor round-trips through JSON, however its data is nested", () => {
    fc.assert(
      fc.property(
        tensorsArb(false),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }),
        (inputs, sizes) => {
          const encoded = encodeInferenceRequest({ inputs }, { binary: false });
          const json = JSON.parse(new TextDecoder().decode(encoded.body)) as {
            inputs: { data: unknown[] }[];
          };
          for (const input of json.inputs) input.data = nest(input.data, sizes);
          const decoded = decodeInferenceRequest(new TextEncoder().encode(JSON.stringify(json)), {});
          expect(decoded.inputs).toEqual(inputs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("arbitrary bytes and arbitrary JSON fail only with KServeCodecError (status 400)", () => {
    const onlyCodecErrors = (body: Uint8Array, opts: Parameters<typeof decodeInferenceRequest>[1]) => {
      try {
        decodeInferenceRequest(body, opts);
      } catch (error) {
        expect(error).toBeInstanceOf(KServeCodecError);
        expect((error as KServeCodecError).status).toBe(400);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.option(fc.nat({ max: 300 })), (body, length) => {
        onlyCodecErrors(body, length === null ? {} : { inferenceHeaderContentLength: length });
      }),
      { numRuns: 500 },
    );
    const inputLike = fc.record(
      {
        name: fc.oneof(fc.string(), fc.jsonValue()),
        shape: fc.jsonValue(),
        datatype: fc.oneof(fc.constantFrom(...KSERVE_DATATYPES), fc.jsonValue()),
        data: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ inputs: fc.array(inputLike, { maxLength: 3 }) })),
        (json) => {
          onlyCodecErrors(new TextEncoder().encode(JSON.stringify(json)), {});
        },
      ),
      { numRuns: 500 },
    );
  });
});
