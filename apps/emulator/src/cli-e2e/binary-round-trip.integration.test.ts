// --binary (KServe binary tensors in SageMaker's application/vnd.sagemaker-triton.binary+json content
// type) for call-model and invoke, end to end through the emulator: same results as the JSON path.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  decodeInferenceResponse,
  encodeInferenceRequest,
  type InferenceRequestJson,
  isSageMakerBinaryContentType,
  parseJsonHeaderSize,
  sagemakerBinaryContentType,
  tensorFromJson,
  tensorToJson,
} from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, startLocalEmulator } from "../test-support/local-emulator.js";

const TARGET = "add_sub_v0.tar.gz";
const REQUEST: InferenceRequestJson = {
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [0.5, -2, 1e6, 3.25] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [0.25, 7, -1e6, 1] },
  ],
};
const OUTPUTS = [
  { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [0.75, 5, 0, 4.25] },
  { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [0.25, -9, 2e6, 2.25] },
];

let local: LocalEmulator;
let workDir: string;
let requestFile: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-cli-binary-"));
  requestFile = join(workDir, "request.json");
  await writeFile(requestFile, JSON.stringify(REQUEST));
  local = await startLocalEmulator();
});
afterAll(async () => {
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function jsonOf(argv: string[]) {
  const run = await local.mme([...argv, "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Outputs as plain JSON tensors, whatever the route they took (shape, datatype and values). */
function plain(outputs: { name: string; datatype: string; shape: number[]; data?: unknown }[]) {
  return outputs.map(({ name, datatype, shape, data }) => ({ name, datatype, shape, data }));
}

describe("mme call-model --binary", () => {
  it("gives the JSON path's outputs for the default add_sub vectors", async () => {
    const viaJson = await jsonOf(["call-model", TARGET]);
    const viaBinary = await jsonOf(["call-model", TARGET, "--binary"]);
    expect(plain(viaBinary.outputs)).toEqual(plain(viaJson.outputs));
    expect(plain(viaJson.outputs)).toEqual([
      { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
      { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
    ]);
  });

  it("gives the JSON path's outputs for an --input request", async () => {
    const viaJson = await jsonOf(["call-model", TARGET, "--input", requestFile]);
    const viaBinary = await jsonOf(["call-model", TARGET, "--input", requestFile, "--binary"]);
    expect(plain(viaJson.outputs)).toEqual(OUTPUTS);
    expect(plain(viaBinary.outputs)).toEqual(OUTPUTS);
    // The human text is the same either way.
    const text = await local.mme(["call-model", TARGET, "--input", requestFile]);
    const binaryText = await local.mme(["call-model", TARGET, "--input", requestFile, "--binary"]);
    expect(binaryText.stdout).toBe(text.stdout);
    expect(text.stdout).toBe("OUTPUT0 FP32 [4]: 0.75 5 0 4.25\nOUTPUT1 FP32 [4]: 0.25 -9 2000000 2.25\n");
  });
});

describe("mme invoke", () => {
  it("--binary re-encodes a KServe JSON body and gives the plain JSON invoke's outputs", async () => {
    const raw = await jsonOf(["invoke", TARGET, "--body", requestFile]);
    expect(raw.contentType).toMatch(/^application\/json/);
    const rawOutputs = JSON.parse(raw.body).outputs;
    const viaBinary = await jsonOf(["invoke", TARGET, "--body", requestFile, "--binary"]);
    expect(plain(rawOutputs)).toEqual(OUTPUTS);
    expect(plain(viaBinary.outputs)).toEqual(OUTPUTS);
  });

  it("passes a SageMaker binary+json body and its content type through, both ways", async () => {
    const { body, contentType } = sagemakerBinaryBody();
    const bodyFile = join(workDir, "request.bin");
    await writeFile(bodyFile, body);
    const reply = await jsonOf(["invoke", TARGET, "--body", bodyFile, "--content-type", contentType]);
    expect(isSageMakerBinaryContentType(reply.contentType)).toBe(true);
    expect(Object.keys(reply).sort()).toEqual(["bodyBase64", "contentType", "invokedProductionVariant"]);
    const decoded = decodeInferenceResponse(new Uint8Array(Buffer.from(reply.bodyBase64, "base64")), {
      contentType: reply.contentType,
    });
    expect(plain(decoded.outputs.map((t) => tensorToJson(t)))).toEqual(OUTPUTS);
  });
});

/**
 * REQUEST with binary inputs, asking for binary outputs. The JSON header is padded to 8 bytes so the
 * tensors sit aligned: this test is about the content type's trip, not alignment.
 */
function sagemakerBinaryBody(): { body: Uint8Array; contentType: string } {
  const encoded = encodeInferenceRequest(
    {
      inputs: REQUEST.inputs.map((t) => tensorFromJson(t, "input")),
      parameters: { binary_data_output: true },
    },
    { binary: true, sagemaker: true },
  );
  const jsonLength = parseJsonHeaderSize(encoded.contentType)!;
  const json = new TextDecoder().decode(encoded.body.subarray(0, jsonLength));
  const padded = json.padEnd(Math.ceil(jsonLength / 8) * 8, " ");
  const body = Buffer.concat([Buffer.from(padded), encoded.body.subarray(jsonLength)]);
  return { body, contentType: sagemakerBinaryContentType(padded.length) };
}
