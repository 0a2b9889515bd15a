// Endpoints declared in a config file (MME_CONFIG_FILE, or --config) are InService as soon as the emulator
// says it is ready, and serve: checked against the emulator process with the AWS SDK clients.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeEndpointCommand, ListEndpointsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel, createS3Client, LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../config/emulator-config.js";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";
import { TEST_CREDENTIALS } from "../test-support/test-emulator.js";

const ENDPOINTS_FILE = {
  endpoints: [
    {
      EndpointName: "team-a",
      ModelDataUrl: "s3://mme-models/team-a/",
      Environment: { MME_WAIT_BUDGET_MS: "20000" },
    },
    {
      EndpointName: "team-b",
      Mode: "SingleModel",
      ModelDataUrl: "s3://mme-models/team-b/add_sub_v0.tar.gz",
      VariantName: "Blue",
    },
  ],
};

let workDir: string;
const started: EmulatorProcess[] = [];
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-endpoints-file-"));
  await writeFile(join(workDir, "endpoints.json"), JSON.stringify(ENDPOINTS_FILE));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const emulator of started) await emulator.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function start(how: "env" | "flag", dataDir: string): Promise<EmulatorProcess> {
  const file = join(workDir, "endpoints.json");
  const args = [
    "--data-dir",
    join(workDir, dataDir),
    "--no-seed",
    "--no-default-endpoint",
    "--log-level",
    "warn",
  ];
  const emulator = await startEmulatorProcess(
    how === "flag" ? [...args, "--config", file] : args,
    how === "env" ? { MME_CONFIG_FILE: file } : {},
  );
  started.push(emulator);
  return emulator;
}

function sdkClients(emulator: EmulatorProcess) {
  const config = {
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  const control = new SageMakerClient(config);
  const runtime = new SageMakerRuntimeClient(config);
  clients.push(control, runtime);
  return { control, runtime };
}

describe.each(["env", "flag"] as const)("endpoints file given by %s", (how) => {
  it("brings every declared endpoint up InService at start", async () => {
    const emulator = await start(how, `data-${how}`);
    const { control } = sdkClients(emulator);
    const listed = await control.send(new ListEndpointsCommand({}));
    expect(listed.Endpoints?.map((e) => [e.EndpointName, e.EndpointStatus]).sort()).toEqual([
      ["team-a", "InService"],
      ["team-b", "InService"],
    ]);
    const teamB = await control.send(new DescribeEndpointCommand({ EndpointName: "team-b" }));
    expect(teamB.ProductionVariants?.[0]?.VariantName).toBe("Blue");
    expect(await emulator.stop()).toBe(0);
  });
});

it("serves the declared endpoints: multi-model by TargetModel, single-model without", async () => {
  const emulator = await start("flag", "data-serve");
  const { runtime } = sdkClients(emulator);
  const s3 = createS3Client({
    endpoint: emulator.s3Url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  clients.push(s3);
  const addSub = join(REPO_ROOT, "model_registry", "add_sub");
  for (const modelDataUrl of ["s3://mme-models/team-a/", "s3://mme-models/team-b/"]) {
    await addModel(s3, { dir: addSub, tarballName: "add_sub_v0.tar.gz", modelDataUrl });
  }
  const body = new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST));
  const decode = (bytes: Uint8Array | undefined) =>
    JSON.parse(new TextDecoder().decode(bytes)).outputs.find((o: { name: string }) => o.name === "OUTPUT0")
      .data;

  const multi = await runtime.send(
    new InvokeEndpointCommand({
      EndpointName: "team-a",
      TargetModel: "add_sub_v0.tar.gz",
      ContentType: "application/json",
      Body: body,
    }),
  );
  expect(multi.InvokedProductionVariant).toBe("AllTraffic");
  expect(decode(multi.Body)).toEqual([11, 22, 33, 44]);

  const single = await runtime.send(
    new InvokeEndpointCommand({ EndpointName: "team-b", ContentType: "application/json", Body: body }),
  );
  expect(single.InvokedProductionVariant).toBe("Blue");
  expect(decode(single.Body)).toEqual([11, 22, 33, 44]);
  expect(await emulator.stop()).toBe(0);
});
