// Inference components serving through the real clients against an emulator process: an IC endpoint with
// two components of two ONNX models (add, mul) answers each through the SDK v3, boto3 and the AWS CLI
// v1; a component at 0 copies is refused and answers again once scaled back; a rolling update to the
// other model answers the new model with no failed request while it rolls; managed instance scaling's
// instance count follows the copies; a restart keeps serving; deletes take the copies away.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteInferenceComponentCommand,
  DescribeEndpointCommand,
  DescribeInferenceComponentCommand,
  SageMakerClient,
  UpdateInferenceComponentCommand,
  UpdateInferenceComponentRuntimeConfigCommand,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsEnv } from "../../test-support/aws-python-clients.js";
import { ANSWERS, uploadComponentModels } from "../../test-support/component-models.js";
import { waitComponentInService } from "../../test-support/component-waits.js";
import { type EmulatorProcess, startEmulatorProcess } from "../../test-support/emulator-process.js";
import { ADD_SUB_REQUEST } from "../../test-support/models.js";
import { errorOf } from "../../test-support/sdk-error.js";

const run = promisify(execFile);
const ROLE = LOCAL_PROFILE.role;
const ENDPOINT = "ic-serving";
const BODY = JSON.stringify(ADD_SUB_REQUEST);

let workDir: string;
let emulator: EmulatorProcess;
let client: SageMakerClient;
let runtime: SageMakerRuntimeClient;

async function start(): Promise<void> {
  emulator = await startEmulatorProcess([
    "--data-dir",
    join(workDir, "data"),
    "--no-seed",
    "--no-default-endpoint",
    "--create-delay-ms",
    "300",
  ]);
  const settings = {
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: { accessKeyId: "any", secretAccessKey: "any" },
    maxAttempts: 1,
  };
  client?.destroy();
  runtime?.destroy();
  client = new SageMakerClient(settings);
  runtime = new SageMakerRuntimeClient(settings);
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-ic-serving-"));
  await start();
  const urls = await uploadComponentModels(emulator.s3Url);
  for (const [name, url] of Object.entries(urls)) {
    await client.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: LOCAL_PROFILE.imageUri, ModelDataUrl: url },
      }),
    );
  }
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${ENDPOINT}-config`,
      ExecutionRoleArn: ROLE,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          InstanceType: "ml.m5.xlarge",
          InitialInstanceCount: 1,
          ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 3 },
          RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        },
      ],
    }),
  );
  await client.send(
    new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: `${ENDPOINT}-config` }),
  );
  await waitUntilEndpointInService(
    { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { EndpointName: ENDPOINT },
  );
});

afterAll(async () => {
  client?.destroy();
  runtime?.destroy();
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** One copy reserves 1 of ml.m5.xlarge's 4 cores. */
const createComponent = (name: string, model: string, copies: number) =>
  client.send(
    new CreateInferenceComponentCommand({
      InferenceComponentName: name,
      EndpointName: ENDPOINT,
      VariantName: "AllTraffic",
      Specification: {
        ModelName: model,
        ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
      },
      RuntimeConfig: { CopyCount: copies },
    }),
  );

const scale = (name: string, copies: number) =>
  client.send(
    new UpdateInferenceComponentRuntimeConfigCommand({
      InferenceComponentName: name,
      DesiredRuntimeConfig: { CopyCount: copies },
    }),
  );

const waitInService = (name: string) => waitComponentInService(client, name);

/** InvokeEndpoint through the SDK v3: the variant that answered and OUTPUT0. */
async function invoke(component: string): Promise<{ variant?: string; output0: number[] }> {
  const answer = await runtime.send(
    new InvokeEndpointCommand({
      EndpointName: ENDPOINT,
      InferenceComponentName: component,
      ContentType: "application/json",
      Body: new TextEncoder().encode(BODY),
    }),
  );
  const reply = JSON.parse(new TextDecoder().decode(answer.Body)) as {
    outputs: { name: string; data: number[] }[];
  };
  return {
    ...(answer.InvokedProductionVariant === undefined ? {} : { variant: answer.InvokedProductionVariant }),
    output0: reply.outputs.find((o) => o.name === "OUTPUT0")!.data,
  };
}

async function instanceCount(): Promise<number | undefined> {
  const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: ENDPOINT }));
  return endpoint.ProductionVariants?.[0]?.CurrentInstanceCount;
}

describe("an inference-component endpoint serving two components", () => {
  it("loads each component's copies and answers each with its own model (SDK v3)", async () => {
    await createComponent("ic-add", "add", 2);
    await createComponent("ic-mul", "mul", 1);
    expect((await waitInService("ic-add")).RuntimeConfig).toEqual({
      DesiredCopyCount: 2,
      CurrentCopyCount: 2,
    });
    expect((await waitInService("ic-mul")).RuntimeConfig).toEqual({
      DesiredCopyCount: 1,
      CurrentCopyCount: 1,
    });
    expect(await invoke("ic-add")).toEqual({ variant: "AllTraffic", output0: ANSWERS.add });
    expect(await invoke("ic-mul")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
    // Three copies of one core each fit on one 4-core instance.
    expect(await instanceCount()).toBe(1);
  });

  it("writes each copy's container output to its own stream in the component's log group", async () => {
    const logs = new CloudWatchLogsClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "any", secretAccessKey: "any" },
    });
    try {
      const group = "/aws/sagemaker/InferenceComponents/ic-add";
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(streams.logStreams?.map((s) => s.logStreamName)).toHaveLength(2);
      for (const stream of streams.logStreams ?? [])
        expect(stream.logStreamName).toMatch(/^i-0[0-9a-f]{16}\/[0-9a-f]{16}$/);
      const loaded = await logs.send(
        new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"model loaded"' }),
      );
      expect(loaded.events).toHaveLength(2);
    } finally {
      logs.destroy();
    }
  });

  it("answers boto3's invoke_endpoint and the AWS CLI's invoke-endpoint with InferenceComponentName", async () => {
    const script = `
import json, sys, boto3
rt = boto3.client("sagemaker-runtime", endpoint_url=sys.argv[1])
answers = {}
for component in ("ic-add", "ic-mul"):
    r = rt.invoke_endpoint(EndpointName="${ENDPOINT}", InferenceComponentName=component,
        ContentType="application/json", Body=sys.argv[2])
    out = json.loads(r["Body"].read())["outputs"]
    answers[component] = [o for o in out if o["name"] == "OUTPUT0"][0]["data"]
print(json.dumps(answers))
`;
    const { stdout } = await run("python3", ["-c", script, emulator.url, BODY], { env: awsEnv() });
    expect(JSON.parse(stdout)).toEqual({ "ic-add": ANSWERS.add, "ic-mul": ANSWERS.mul });

    const outfile = join(workDir, "cli-answer.json");
    const { stdout: printed } = await run(
      "aws",
      [
        "sagemaker-runtime",
        "invoke-endpoint",
        "--endpoint-name",
        ENDPOINT,
        "--inference-component-name",
        "ic-mul",
        "--content-type",
        "application/json",
        "--body",
        BODY,
        "--endpoint-url",
        emulator.url,
        outfile,
      ],
      { env: awsEnv() },
    );
    expect(JSON.parse(printed)).toMatchObject({ InvokedProductionVariant: "AllTraffic" });
    const { readFile } = await import("node:fs/promises");
    const reply = JSON.parse(await readFile(outfile, "utf8")) as {
      outputs: { name: string; data: number[] }[];
    };
    expect(reply.outputs.find((o) => o.name === "OUTPUT0")!.data).toEqual(ANSWERS.mul);
  });

  it("refuses a TargetModel on the IC endpoint with SageMaker's ValidationError", async () => {
    const refused = await errorOf(
      runtime.send(
        new InvokeEndpointCommand({
          EndpointName: ENDPOINT,
          InferenceComponentName: "ic-add",
          TargetModel: "add.tar.gz",
          ContentType: "application/json",
          Body: new TextEncoder().encode(BODY),
        }),
      ),
    );
    expect(refused).toEqual({
      name: "ValidationError",
      status: 400,
      message: `Endpoint ${ENDPOINT} is not a multi-model endpoint and does not support target model header.`,
    });
  });

  it("refuses a component scaled to 0 copies, and answers again once scaled back", async () => {
    await scale("ic-mul", 0);
    expect((await waitInService("ic-mul")).RuntimeConfig).toEqual({
      DesiredCopyCount: 0,
      CurrentCopyCount: 0,
    });
    expect(await errorOf(invoke("ic-mul"))).toEqual({
      name: "ValidationError",
      status: 400,
      message: "Inference component ic-mul has no copies to process this request (CurrentCopyCount: 0).",
    });
    expect(await invoke("ic-add")).toEqual({ variant: "AllTraffic", output0: ANSWERS.add });

    await scale("ic-mul", 1);
    expect((await waitInService("ic-mul")).RuntimeConfig).toEqual({
      DesiredCopyCount: 1,
      CurrentCopyCount: 1,
    });
    expect(await invoke("ic-mul")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
  });

  it("adds and removes instances as the copies need them (managed instance scaling)", async () => {
    // 2 + 3 copies of one core: 5 cores, two 4-core instances.
    await scale("ic-mul", 3);
    await waitInService("ic-mul");
    expect(await instanceCount()).toBe(2);
    const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: ENDPOINT }));
    expect(endpoint.ProductionVariants?.[0]).toMatchObject({
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
      ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 3 },
    });
    await scale("ic-mul", 0);
    await scale("ic-add", 0);
    await waitInService("ic-mul");
    await waitInService("ic-add");
    expect(await instanceCount()).toBe(0);
    await scale("ic-add", 2);
    await scale("ic-mul", 1);
    await waitInService("ic-add");
    await waitInService("ic-mul");
    expect(await instanceCount()).toBe(1);
  });

  it("rolls ic-add to the mul model: no request fails while it rolls, then the new model answers", async () => {
    await client.send(
      new UpdateInferenceComponentCommand({
        InferenceComponentName: "ic-add",
        Specification: {
          ModelName: "mul",
          ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
        },
      }),
    );
    const seen = new Set<string>();
    let status: string | undefined;
    let failures = 0;
    let answered = 0;
    do {
      const results = await Promise.allSettled([invoke("ic-add"), invoke("ic-add")]);
      for (const result of results) {
        if (result.status === "rejected") failures++;
        else {
          answered++;
          seen.add(JSON.stringify(result.value.output0));
        }
      }
      status = (
        await client.send(new DescribeInferenceComponentCommand({ InferenceComponentName: "ic-add" }))
      ).InferenceComponentStatus;
    } while (status === "Updating");
    expect(status).toBe("InService");
    expect(failures).toBe(0);
    expect(answered).toBeGreaterThan(0);
    expect(seen.has(JSON.stringify(ANSWERS.add))).toBe(true);
    expect(await invoke("ic-add")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
    const described = await waitInService("ic-add");
    expect(described.Specification?.ModelName).toBe("mul");
    expect(described.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
  });

  it("keeps serving the components' copies after a restart", async () => {
    await emulator.stop();
    await start();
    expect((await waitInService("ic-add")).RuntimeConfig).toEqual({
      DesiredCopyCount: 2,
      CurrentCopyCount: 2,
    });
    expect(await invoke("ic-add")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
    expect(await invoke("ic-mul")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
  });

  it("deleting a component, then the endpoint, takes their copies away", async () => {
    await client.send(new DeleteInferenceComponentCommand({ InferenceComponentName: "ic-mul" }));
    expect((await errorOf(invoke("ic-mul"))).message).toBe(
      `Inference component ic-mul was not found in endpoint ${ENDPOINT}.`,
    );
    expect(await invoke("ic-add")).toEqual({ variant: "AllTraffic", output0: ANSWERS.mul });
    await client.send(new DeleteEndpointCommand({ EndpointName: ENDPOINT }));
    expect((await errorOf(invoke("ic-add"))).message).toBe(
      `Endpoint ${ENDPOINT} of account 000000000000 not found.`,
    );
  });
});
