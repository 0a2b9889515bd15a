// The README's quick start as a user runs it against an HTTP container: the emulator process with
// MME_CONTAINER_URL pointing at @mme/runtime's Triton-exact server, its seeded models and default
// endpoint, called by the README's AWS CLI command and by boto3.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type RuntimeServer, startRuntimeServer } from "@mme/runtime";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";

const run = promisify(execFile);
const README_REQUEST = {
  inputs: [
    { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
    { name: "INPUT1", shape: [4], datatype: "FP32", data: [4, 3, 2, 1] },
  ],
};
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "mme-local",
  AWS_SECRET_ACCESS_KEY: "mme-local",
  AWS_MAX_ATTEMPTS: "1",
  AWS_PAGER: "",
};

let workDir: string;
let runtime: RuntimeServer;
let emulator: EmulatorProcess;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-container-url-"));
  runtime = await startRuntimeServer({ port: 0, logger: pino({ level: "silent" }) });
  // Seeding packs and uploads every registry model first (the generated 100 MB resnet50 too, if present).
  emulator = await startEmulatorProcess(
    ["--data-dir", join(workDir, "data")],
    { MME_CONTAINER_URL: runtime.url, MME_LOG_LEVEL: "warn" },
    150_000,
  );
}, 180_000);
afterAll(async () => {
  await emulator?.stop();
  await runtime?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const outputs = (text: string) =>
  Object.fromEntries(
    (JSON.parse(text).outputs as { name: string; data: number[] }[]).map((o) => [o.name, o.data]),
  );

describe("the emulator with MME_CONTAINER_URL at a Triton-exact container", () => {
  it("answers the README's AWS CLI invoke of the seeded add_sub on sagemaker-poc", async () => {
    const request = join(workDir, "request.json");
    const out = join(workDir, "out.json");
    await writeFile(request, JSON.stringify(README_REQUEST));
    await run(
      "aws",
      [
        "sagemaker-runtime",
        "invoke-endpoint",
        "--endpoint-url",
        emulator.url,
        "--region",
        "us-east-1",
        "--endpoint-name",
        "sagemaker-poc",
        "--target-model",
        "add_sub_v0.tar.gz",
        "--content-type",
        "application/json",
        "--body",
        `fileb://${request}`,
        out,
      ],
      { env },
    );
    expect(outputs(await readFile(out, "utf8"))).toEqual({ OUTPUT0: [5, 5, 5, 5], OUTPUT1: [-3, -1, 1, 3] });
    // The container ran it, named as the TargetModel (Triton's naming).
    expect(runtime.runtime.isLoaded("add_sub_v0.tar.gz")).toBe(true);
  });

  it("answers boto3 on the seeded ONNX add_sub", async () => {
    const script = `
import json, sys, boto3
client = boto3.client("sagemaker-runtime", endpoint_url=sys.argv[1], region_name="us-east-1")
r = client.invoke_endpoint(EndpointName="sagemaker-poc", TargetModel="add_sub_onnx_v0.tar.gz",
                           ContentType="application/json", Body=sys.argv[2].encode())
print(r["Body"].read().decode())
`;
    const { stdout } = await run("python3", ["-c", script, emulator.url, JSON.stringify(ADD_SUB_REQUEST)], {
      env,
    });
    expect(outputs(stdout)).toEqual({ OUTPUT0: [11, 22, 33, 44], OUTPUT1: [-9, -18, -27, -36] });
    expect(runtime.runtime.isLoaded("add_sub_onnx_v0.tar.gz")).toBe(true);
  });
});
