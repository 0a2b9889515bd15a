// `mme plan` runs the emulator's own cache and routing code: its predicted hit ratio for a trace matches
// a real emulator (two instances, three loaded models each) serving the same trace; and it reproduces
// AWS's MME cost comparison from its inputs.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMme } from "@mme/cli/test-support";
import { addModel, createS3Client, syntheticTrace } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, REPO_ROOT, startLocalEmulator } from "../test-support/local-emulator.js";
import { endpointStatus } from "../test-support/status-route.js";

const MODELS_URL = "s3://mme-models/plan/";
const MODELS = Array.from({ length: 10 }, (_, i) => `m${i}.tar.gz`);
let local: LocalEmulator;
let workDir: string;

beforeAll(async () => {
  local = await startLocalEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-plan-"));
  const s3 = createS3Client({
    endpoint: local.emulator.s3Url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  for (const name of MODELS) {
    await addModel(s3, {
      dir: join(REPO_ROOT, "model_registry", "add_sub_onnx"),
      tarballName: name,
      modelDataUrl: MODELS_URL,
    });
  }
  s3.destroy();
});
afterAll(async () => {
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("mme plan", () => {
  it("predicts the hit ratio a real emulator run on the same trace gets (within 0.02)", async () => {
    const { plane } = local.emulator;
    plane.createModel({
      ModelName: "plan-fit-model",
      PrimaryContainer: {
        Mode: "MultiModel",
        ModelDataUrl: MODELS_URL,
        Environment: { MME_MAX_LOADED_MODELS: "3" },
      },
    });
    plane.createEndpointConfig({
      EndpointConfigName: "plan-fit-config",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "plan-fit-model", InitialInstanceCount: 2 },
      ],
    });
    await plane.createEndpoint({ EndpointName: "plan-fit", EndpointConfigName: "plan-fit-config" }, 0)
      .settled;

    const trace = syntheticTrace({ models: MODELS, rps: 0.1, zipfS: 1, durationSeconds: 1500, seed: 7 });
    const traceFile = join(workDir, "trace.jsonl");
    await writeFile(traceFile, trace.map((r) => JSON.stringify(r)).join("\n"));
    const body = JSON.stringify({
      inputs: [
        { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
        { name: "INPUT1", shape: [4], datatype: "FP32", data: [1, 1, 1, 1] },
      ],
    });
    for (const request of trace) {
      const response = await fetch(`${local.emulator.url}/endpoints/plan-fit/invocations`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-amzn-sagemaker-target-model": request.targetModel },
        body,
      });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const real = (await endpointStatus(local.emulator.url, "plan-fit")).hitRatio!;

    const planned = await runMme(
      [
        "plan",
        "--trace",
        traceFile,
        "--model-size",
        "2KB",
        "--instance-types",
        "ml.m5.xlarge",
        "--instance-counts",
        "2",
        "--max-loaded-models",
        "3",
        "--offline-prices",
        "--json",
      ],
      { cwd: workDir },
    );
    expect(planned.stderr).toContain("prices: offline table");
    expect(planned.code).toBe(0);
    const { rows } = JSON.parse(planned.stdout);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ instanceType: "ml.m5.xlarge", instanceCount: 2, requests: trace.length });
    expect(real).toBeGreaterThan(0.2);
    expect(real).toBeLessThan(0.95);
    expect(Math.abs(rows[0].hitRatio - real)).toBeLessThanOrEqual(0.02);

    // The same fleet sized from the models prefix, with load times measured by that run.
    const measured = await runMme(
      [
        "plan",
        "--from-prefix",
        "--metrics-url",
        local.emulator.url,
        "--rps",
        "1",
        "--hours",
        "0.1",
        "--instance-types",
        "ml.m5.xlarge",
        "--instance-counts",
        "1,2",
        "--offline-prices",
        "--json",
      ],
      { cwd: workDir, env: local.env({ MME_MODEL_DATA_URL: MODELS_URL }) },
    );
    expect(measured.code).toBe(0);
    const sized = JSON.parse(measured.stdout);
    expect(sized.models).toBe(MODELS.length);
    expect(sized.rows.map((r: { instanceCount: number }) => r.instanceCount)).toEqual([1, 2]);
    expect(sized.rows[0].loads).toBeGreaterThanOrEqual(MODELS.length - 1);
  });

  it("reproduces the cost comparison: 10 models, ml.g5.xlarge at $1.41/h", async () => {
    const run = await runMme(
      [
        "plan",
        "--models",
        "10",
        "--model-size",
        "1GB",
        "--instance-counts",
        "1",
        "--hours",
        "0.05",
        "--offline-prices",
      ],
      { cwd: workDir },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^prices: offline table, us-east-1 on demand/m);
    expect(run.stdout).toMatch(
      /ml\.g5\.xlarge\s+1\s+\S+\s+\S+\s+10\.0\s+\S+ ms\s+\$1,015\.20\s+\$10,152\.00/,
    );
  });

  it("refuses bad input with one line", async () => {
    const noModels = await runMme(["plan", "--offline-prices"], { cwd: workDir });
    expect(noModels.code).not.toBe(0);
    expect(noModels.stderr).toMatch(/say which models: --models N/);
    const unknown = await runMme(
      ["plan", "--models", "2", "--instance-types", "ml.x9.huge", "--offline-prices"],
      { cwd: workDir },
    );
    expect(unknown.stderr).toMatch(/unknown instance type ml\.x9\.huge; known: ml\.g5\.xlarge/);
  });
});
