// What a client created survives a restart of the emulator process (SIGTERM and kill -9): boto3 and the
// AWS CLI create, the same clients describe, list and invoke afterwards, with the ARNs, times and
// instance ids they saw before; --reset starts from nothing; an unreadable state file is moved aside.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DescribeEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { addModel, createS3Client, LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awsEnv } from "../test-support/aws-python-clients.js";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";

const run = promisify(execFile);
const MODELS_URL = "s3://mme-models/kept/";

let workDir: string;
let dataDir: string;
const running = new Set<EmulatorProcess>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-restart-"));
  dataDir = join(workDir, "data");
});

afterAll(async () => {
  for (const emulator of running) await emulator.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** `extra` first, as `pnpm start -- <flags>` hands them on (the `--` included). */
async function start(extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<EmulatorProcess> {
  const emulator = await startEmulatorProcess(
    [...extra, "--data-dir", dataDir, "--no-seed", "--no-default-endpoint", "--create-delay-ms", "300"],
    env,
  );
  running.add(emulator);
  return emulator;
}

async function stop(emulator: EmulatorProcess): Promise<void> {
  await emulator.stop();
  running.delete(emulator);
}

async function kill9(emulator: EmulatorProcess): Promise<void> {
  const exited = new Promise((resolve) => emulator.child.once("exit", resolve));
  emulator.child.kill("SIGKILL");
  await exited;
  running.delete(emulator);
}

async function aws(url: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run("aws", [...args, "--endpoint-url", url, "--output", "json"], {
    env: awsEnv(),
  });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

const BOTO3_CREATE = `
import sys, boto3
url, models_url = sys.argv[1:3]
sm = boto3.client("sagemaker", endpoint_url=url)
sm.create_model(ModelName="kept-model", ExecutionRoleArn="arn:aws:iam::000000000000:role/r",
    PrimaryContainer={"Image": "mme", "Mode": "MultiModel", "ModelDataUrl": models_url})
sm.create_endpoint_config(EndpointConfigName="kept-config", ProductionVariants=[{"VariantName": "AllTraffic",
    "ModelName": "kept-model", "InitialInstanceCount": 2, "InstanceType": "ml.m5.large"}])
sm.create_endpoint(EndpointName="kept", EndpointConfigName="kept-config")
aas = boto3.client("application-autoscaling", endpoint_url=url)
aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId="endpoint/kept/variant/AllTraffic",
    ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=1, MaxCapacity=4)
aas.put_scaling_policy(PolicyName="per-instance", ServiceNamespace="sagemaker",
    ResourceId="endpoint/kept/variant/AllTraffic", ScalableDimension="sagemaker:variant:DesiredInstanceCount",
    PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration={"TargetValue": 100.0,
    "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}})
`;

const BOTO3_DESCRIBE = `
import json, sys, boto3
url, name = sys.argv[1:3]
sm = boto3.client("sagemaker", endpoint_url=url)
e = sm.describe_endpoint(EndpointName=name)
print(json.dumps({"status": e["EndpointStatus"], "arn": e["EndpointArn"], "created": e["CreationTime"].isoformat(),
    "modified": e["LastModifiedTime"].isoformat(), "model": sm.describe_model(ModelName="kept-model")["ModelArn"],
    "endpoints": sorted(s["EndpointName"] for s in sm.list_endpoints()["Endpoints"])}))
`;

async function boto3(script: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run("python3", ["-c", script, ...args], { env: awsEnv() });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

/** Waits with the JS SDK (a python process per poll would be slow); the assertions use boto3 and the CLI. */
async function inService(url: string, name: string): Promise<void> {
  const client = new SageMakerClient({
    endpoint: url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  await vi.waitFor(
    async () => {
      const described = await client.send(new DescribeEndpointCommand({ EndpointName: name }));
      expect(described.EndpointStatus).toBe("InService");
    },
    { timeout: 30_000, interval: 100 },
  );
  client.destroy();
}

async function instanceIds(url: string, name: string): Promise<string[]> {
  const status = (await (await fetch(`${url}/mme/status`)).json()) as {
    endpoints: { endpointName: string; variants: { instances: { instanceId: string }[] }[] }[];
  };
  const endpoint = status.endpoints.find((e) => e.endpointName === name)!;
  return endpoint.variants.flatMap((v) => v.instances.map((i) => i.instanceId)).sort();
}

async function invokeWithCli(url: string, name: string): Promise<number[]> {
  const body = join(workDir, "request.json");
  const out = join(workDir, "response.json");
  await writeFile(body, JSON.stringify(ADD_SUB_REQUEST));
  await aws(
    url,
    "sagemaker-runtime",
    "invoke-endpoint",
    "--endpoint-name",
    name,
    "--target-model",
    "add_sub_v0.tar.gz",
    "--content-type",
    "application/json",
    "--body",
    `fileb://${body}`,
    out,
  );
  const answer = JSON.parse(await readFile(out, "utf8")) as { outputs: { name: string; data: number[] }[] };
  return answer.outputs.find((o) => o.name === "OUTPUT0")!.data;
}

describe("restarting the emulator", () => {
  it("keeps what boto3 and the AWS CLI created through SIGTERM and kill -9; --reset empties it", async () => {
    const first = await start();
    const s3 = createS3Client({
      endpoint: first.s3Url,
      region: "us-east-1",
      credentials: LOCAL_PROFILE.credentials,
    });
    await addModel(s3, {
      dir: await writeAddSubOnnx(join(workDir, "models")),
      tarballName: "add_sub_v0.tar.gz",
      modelDataUrl: MODELS_URL,
    });
    s3.destroy();
    await boto3(BOTO3_CREATE, first.url, MODELS_URL);
    await inService(first.url, "kept");
    expect(await invokeWithCli(first.url, "kept")).toEqual([11, 22, 33, 44]);
    const before = await boto3(BOTO3_DESCRIBE, first.url, "kept");
    const idsBefore = await instanceIds(first.url, "kept");
    expect(idsBefore).toHaveLength(2);
    const logGroup = ["logs", "filter-log-events", "--log-group-name", "/aws/sagemaker/Endpoints/kept"];
    const logsBefore = (await aws(first.url, ...logGroup)).events as { message: string }[];
    expect(logsBefore.length).toBeGreaterThan(0);
    await stop(first);

    // SIGTERM: everything back, InService at once, same ARNs, times and instance ids; a cold first call.
    const second = await start();
    expect(await boto3(BOTO3_DESCRIBE, second.url, "kept")).toEqual(before);
    expect(await instanceIds(second.url, "kept")).toEqual(idsBefore);
    expect((await aws(second.url, ...logGroup)).events).toEqual(expect.arrayContaining(logsBefore));
    const targets = await aws(
      second.url,
      "application-autoscaling",
      "describe-scalable-targets",
      "--service-namespace",
      "sagemaker",
    );
    expect(targets.ScalableTargets).toMatchObject([
      { ResourceId: "endpoint/kept/variant/AllTraffic", MinCapacity: 1, MaxCapacity: 4 },
    ]);
    const policies = await aws(
      second.url,
      "application-autoscaling",
      "describe-scaling-policies",
      "--service-namespace",
      "sagemaker",
    );
    expect(policies.ScalingPolicies).toMatchObject([{ PolicyName: "per-instance" }]);
    expect(await invokeWithCli(second.url, "kept")).toEqual([11, 22, 33, 44]);

    // kill -9 right after the AWS CLI was told "created" (still Creating) and "deleted".
    await aws(
      second.url,
      "sagemaker",
      "create-endpoint-config",
      "--endpoint-config-name",
      "late-config",
      "--production-variants",
      "VariantName=AllTraffic,ModelName=kept-model,InitialInstanceCount=1",
    );
    await aws(
      second.url,
      "sagemaker",
      "create-endpoint",
      "--endpoint-name",
      "late",
      "--endpoint-config-name",
      "late-config",
    );
    await aws(second.url, "sagemaker", "delete-endpoint-config", "--endpoint-config-name", "kept-config");
    await kill9(second);

    const third = await start();
    await inService(third.url, "late");
    expect(await boto3(BOTO3_DESCRIBE, third.url, "kept")).toMatchObject({
      ...before,
      endpoints: ["kept", "late"],
    });
    const configs = await aws(third.url, "sagemaker", "list-endpoint-configs");
    expect(
      (configs.EndpointConfigs as { EndpointConfigName: string }[]).map((c) => c.EndpointConfigName),
    ).toEqual(["late-config"]);
    expect(await invokeWithCli(third.url, "late")).toEqual([11, 22, 33, 44]);
    await stop(third);

    const reset = await start(["--", "--reset"]);
    expect(await aws(reset.url, "sagemaker", "list-endpoints")).toEqual({ Endpoints: [] });
    expect(await aws(reset.url, "sagemaker", "list-models")).toEqual({ Models: [] });
    await stop(reset);
  }, 180_000);

  it("moves an unreadable state file aside, names it, and starts clean; MME_RESET=1 empties it", async () => {
    const stateFile = join(dataDir, "state", "control-plane.json");
    await writeFile(stateFile, '{"version": 1, "models": [tor');
    const emulator = await start();
    expect(await aws(emulator.url, "sagemaker", "list-endpoints")).toEqual({ Endpoints: [] });
    const aside = (await readdir(join(dataDir, "state"))).filter((name) =>
      name.startsWith("control-plane.json.unreadable-"),
    );
    expect(aside).toHaveLength(1);
    expect(emulator.output()).toContain(`state file ${stateFile} could not be read`);
    expect(emulator.output()).toContain(join(dataDir, "state", aside[0]!));
    expect(await readFile(join(dataDir, "state", aside[0]!), "utf8")).toBe('{"version": 1, "models": [tor');
    await aws(
      emulator.url,
      "sagemaker",
      "create-model",
      "--model-name",
      "after-restart",
      "--execution-role-arn",
      "arn:aws:iam::000000000000:role/r",
      "--primary-container",
      `Image=mme,ModelDataUrl=${MODELS_URL}`,
    );
    await stop(emulator);

    const reset = await start([], { MME_RESET: "1" });
    expect(await aws(reset.url, "sagemaker", "list-models")).toEqual({ Models: [] });
    await stop(reset);
  }, 60_000);
});
