// Inference components through the real clients against an emulator process: the AWS SDK v3 creates an
// IC endpoint with two components, lists them with filters and pages, scales one to 0 and back, updates
// the other's spec, deletes; boto3 and the AWS CLI v1 do the same calls and get the errors by name; the
// components survive a restart and --reset clears them.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  DeleteInferenceComponentCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  paginateListInferenceComponents,
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
const MANAGED_SCALING = { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 } as const;

let workDir: string;
let emulator: EmulatorProcess;
let client: SageMakerClient;
/** The models' tarballs in the emulator's S3: model-b answers with a × b, the others with a + b. */
let modelUrls: { add: string; mul: string };

async function start(extra: string[] = []): Promise<void> {
  emulator = await startEmulatorProcess([
    ...extra,
    "--data-dir",
    join(workDir, "data"),
    "--no-seed",
    "--no-default-endpoint",
    // Long enough that a component is still Creating or Updating when the next call reads it back.
    "--create-delay-ms",
    "1500",
  ]);
  client?.destroy();
  client = new SageMakerClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: { accessKeyId: "any", secretAccessKey: "any" },
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-ic-"));
  await start();
  modelUrls = await uploadComponentModels(emulator.s3Url);
});

afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** An InService endpoint on ml.m5.xlarge (4 vCPUs, 16 GiB), up to 2 instances, whose variant names no model. */
async function createIcEndpoint(name: string): Promise<void> {
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `${name}-config`,
      ExecutionRoleArn: ROLE,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          InstanceType: "ml.m5.xlarge",
          InitialInstanceCount: 1,
          ManagedInstanceScaling: MANAGED_SCALING,
          RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        },
      ],
    }),
  );
  await client.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }));
  await waitUntilEndpointInService(
    { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
    { EndpointName: name },
  );
}

async function createModel(name: string): Promise<void> {
  await client.send(
    new CreateModelCommand({
      ModelName: name,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: LOCAL_PROFILE.imageUri,
        ModelDataUrl: name === "model-b" ? modelUrls.mul : modelUrls.add,
      },
    }),
  );
}

/** CreateInferenceComponent of one model with a memory reservation: what the error cases vary. */
const createIc = (name: string, endpointName: string, modelName: string, memoryMb: number, copies?: number) =>
  client.send(
    new CreateInferenceComponentCommand({
      InferenceComponentName: name,
      EndpointName: endpointName,
      Specification: {
        ModelName: modelName,
        ComputeResourceRequirements: { MinMemoryRequiredInMb: memoryMb },
      },
      ...(copies === undefined ? {} : { RuntimeConfig: { CopyCount: copies } }),
    }),
  );

const describeIc = (name: string) =>
  client.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }));

const waitInService = (name: string) => waitComponentInService(client, name);

describe("inference components via the AWS SDK v3", () => {
  it("describes an IC endpoint config and endpoint back with ManagedInstanceScaling and RoutingConfig", async () => {
    await createIcEndpoint("ic-endpoint");
    const config = await client.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "ic-endpoint-config" }),
    );
    expect(config.ExecutionRoleArn).toBe(ROLE);
    expect(config.ProductionVariants?.[0]).toEqual({
      VariantName: "AllTraffic",
      InstanceType: "ml.m5.xlarge",
      InitialInstanceCount: 1,
      ManagedInstanceScaling: MANAGED_SCALING,
      RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
    });
    const endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: "ic-endpoint" }));
    expect(endpoint.EndpointStatus).toBe("InService");
    expect(endpoint.ProductionVariants?.[0]).toMatchObject({
      VariantName: "AllTraffic",
      CurrentInstanceCount: 1,
      ManagedInstanceScaling: MANAGED_SCALING,
      RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
    });
  });

  it("creates two components that go Creating → InService with their copies", async () => {
    await createModel("model-a");
    await createModel("model-b");
    const created = await client.send(
      new CreateInferenceComponentCommand({
        InferenceComponentName: "ic-a",
        EndpointName: "ic-endpoint",
        VariantName: "AllTraffic",
        Specification: {
          ModelName: "model-a",
          ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
        },
        RuntimeConfig: { CopyCount: 2 },
      }),
    );
    expect(created.InferenceComponentArn).toBe(
      "arn:aws:sagemaker:us-east-1:000000000000:inference-component/ic-a",
    );
    await client.send(
      new CreateInferenceComponentCommand({
        InferenceComponentName: "ic-b",
        EndpointName: "ic-endpoint",
        Specification: {
          ModelName: "model-b",
          ComputeResourceRequirements: { NumberOfCpuCoresRequired: 2, MinMemoryRequiredInMb: 2048 },
          StartupParameters: { ModelDataDownloadTimeoutInSeconds: 600 },
        },
        RuntimeConfig: { CopyCount: 1 },
      }),
    );
    const first = await describeIc("ic-a");
    expect(first.InferenceComponentStatus).toBe("Creating");
    expect(first.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 0 });

    const a = await waitInService("ic-a");
    expect(a).toMatchObject({
      InferenceComponentName: "ic-a",
      EndpointName: "ic-endpoint",
      EndpointArn: "arn:aws:sagemaker:us-east-1:000000000000:endpoint/ic-endpoint",
      VariantName: "AllTraffic",
      Specification: {
        ModelName: "model-a",
        ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 },
      },
      RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 2 },
    });
    expect(a.CreationTime).toBeInstanceOf(Date);
    const b = await waitInService("ic-b");
    expect(b.VariantName).toBe("AllTraffic");
    expect(b.Specification?.StartupParameters).toEqual({ ModelDataDownloadTimeoutInSeconds: 600 });
  });

  it("lists with filters, sorting and pages", async () => {
    const byName = await client.send(
      new ListInferenceComponentsCommand({
        EndpointNameEquals: "ic-endpoint",
        SortBy: "Name",
        SortOrder: "Ascending",
        MaxResults: 1,
      }),
    );
    expect(byName.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(["ic-a"]);
    expect(byName.NextToken).toBeDefined();
    const next = await client.send(
      new ListInferenceComponentsCommand({
        EndpointNameEquals: "ic-endpoint",
        SortBy: "Name",
        SortOrder: "Ascending",
        MaxResults: 1,
        NextToken: byName.NextToken,
      }),
    );
    expect(next.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(["ic-b"]);
    expect(next.NextToken).toBeUndefined();

    const names: string[] = [];
    for await (const page of paginateListInferenceComponents(
      { client, pageSize: 1 },
      { SortBy: "Name", SortOrder: "Descending", VariantNameEquals: "AllTraffic" },
    )) {
      names.push(...(page.InferenceComponents ?? []).map((c) => c.InferenceComponentName ?? ""));
    }
    expect(names).toEqual(["ic-b", "ic-a"]);

    const filtered = await client.send(
      new ListInferenceComponentsCommand({ NameContains: "c-b", StatusEquals: "InService" }),
    );
    expect(filtered.InferenceComponents).toEqual([
      expect.objectContaining({ InferenceComponentName: "ic-b", EndpointName: "ic-endpoint" }),
    ]);
    const none = await client.send(
      new ListInferenceComponentsCommand({ EndpointNameEquals: "other", CreationTimeAfter: new Date(0) }),
    );
    expect(none.InferenceComponents).toEqual([]);
    const later = await client.send(
      new ListInferenceComponentsCommand({ CreationTimeBefore: new Date(Date.now() - 3_600_000) }),
    );
    expect(later.InferenceComponents).toEqual([]);
  });

  it("scales a component to 0 copies and back with UpdateInferenceComponentRuntimeConfig", async () => {
    await client.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: "ic-a",
        DesiredRuntimeConfig: { CopyCount: 0 },
      }),
    );
    const down = await waitInService("ic-a");
    expect(down.RuntimeConfig).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });

    await client.send(
      new UpdateInferenceComponentRuntimeConfigCommand({
        InferenceComponentName: "ic-a",
        DesiredRuntimeConfig: { CopyCount: 3 },
      }),
    );
    const scaling = await describeIc("ic-a");
    expect(scaling.InferenceComponentStatus).toBe("Updating");
    expect(scaling.RuntimeConfig).toEqual({ DesiredCopyCount: 3, CurrentCopyCount: 0 });
    const up = await waitInService("ic-a");
    expect(up.RuntimeConfig).toEqual({ DesiredCopyCount: 3, CurrentCopyCount: 3 });
  });

  it("updates a component's spec with a rolling-update policy", async () => {
    const deployment = {
      RollingUpdatePolicy: { MaximumBatchSize: { Type: "COPY_COUNT", Value: 1 }, WaitIntervalInSeconds: 0 },
    } as const;
    await client.send(
      new UpdateInferenceComponentCommand({
        InferenceComponentName: "ic-b",
        Specification: {
          ModelName: "model-a",
          ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 4096 },
        },
        RuntimeConfig: { CopyCount: 2 },
        DeploymentConfig: deployment,
      }),
    );
    expect((await describeIc("ic-b")).InferenceComponentStatus).toBe("Updating");
    const refused = await errorOf(
      client.send(
        new UpdateInferenceComponentRuntimeConfigCommand({
          InferenceComponentName: "ic-b",
          DesiredRuntimeConfig: { CopyCount: 1 },
        }),
      ),
    );
    expect(refused.name).toBe("ValidationException");
    expect(refused.message).toMatch(/^Cannot update in-progress inference component/);

    const updated = await waitInService("ic-b");
    expect(updated.Specification).toEqual({
      ModelName: "model-a",
      ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 4096 },
    });
    expect(updated.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect(updated.LastDeploymentConfig).toEqual(deployment);
  });

  it("answers bad requests with SageMaker's errors by name", async () => {
    // 2 × ml.m5.xlarge hold 8 cores: ic-a (3 × 1) and ic-b (2 × 1) leave 3.
    const tooMany = await errorOf(
      client.send(
        new UpdateInferenceComponentRuntimeConfigCommand({
          InferenceComponentName: "ic-a",
          DesiredRuntimeConfig: { CopyCount: 7 },
        }),
      ),
    );
    expect(tooMany).toMatchObject({ name: "ResourceLimitExceeded", status: 400 });
    expect(tooMany.message).toContain("ml.m5.xlarge");
    expect((await describeIc("ic-a")).RuntimeConfig).toEqual({ DesiredCopyCount: 3, CurrentCopyCount: 3 });

    const tooBig = await errorOf(createIc("ic-big", "ic-endpoint", "model-a", 65536, 1));
    expect(tooBig.name).toBe("ResourceLimitExceeded");

    const missing = await errorOf(describeIc("no-such-ic"));
    expect(missing).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        'Could not find inference component "arn:aws:sagemaker:us-east-1:000000000000:inference-component/no-such-ic".',
    });
    const noEndpoint = await errorOf(createIc("ic-c", "no-such-endpoint", "model-a", 128, 1));
    expect(noEndpoint.name).toBe("ValidationException");
    expect(noEndpoint.message).toBe(
      'Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/no-such-endpoint".',
    );
    const noModel = await errorOf(createIc("ic-c", "ic-endpoint", "no-model", 128, 1));
    expect(noModel.message).toMatch(/^Could not find model/);
    const twice = await errorOf(createIc("ic-a", "ic-endpoint", "model-a", 128));
    expect(twice.message).toMatch(/^Cannot create already existing inference component/);
    const negative = await errorOf(
      client.send(
        new UpdateInferenceComponentRuntimeConfigCommand({
          InferenceComponentName: "ic-a",
          DesiredRuntimeConfig: { CopyCount: -1 },
        }),
      ),
    );
    expect(negative.name).toBe("ValidationException");
    expect(negative.message).toBe(
      "1 validation error detected: Value '-1' at 'desiredRuntimeConfig.copyCount' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
  });

  it("deletes a component", async () => {
    await client.send(new DeleteInferenceComponentCommand({ InferenceComponentName: "ic-a" }));
    expect((await errorOf(describeIc("ic-a"))).name).toBe("ValidationException");
    const left = await client.send(new ListInferenceComponentsCommand({}));
    expect(left.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(["ic-b"]);
  });
});

describe("InvokeEndpoint on an inference-component endpoint", () => {
  it("asks for the component header as SageMaker does, answers with a copy, and refuses a missing component or one at 0 copies", async () => {
    const runtime = new SageMakerRuntimeClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId: "any", secretAccessKey: "any" },
      maxAttempts: 1,
    });
    const invoke = (component?: string) =>
      errorOf(
        runtime.send(
          new InvokeEndpointCommand({
            EndpointName: "ic-endpoint",
            Body: new TextEncoder().encode("{}"),
            ContentType: "application/json",
            ...(component === undefined ? {} : { InferenceComponentName: component }),
          }),
        ),
      );
    try {
      expect(await invoke()).toEqual({
        name: "ValidationError",
        status: 400,
        message:
          "Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.",
      });
      expect((await invoke("nope")).message).toBe(
        "Inference component nope was not found in endpoint ic-endpoint.",
      );
      const answer = await runtime.send(
        new InvokeEndpointCommand({
          EndpointName: "ic-endpoint",
          InferenceComponentName: "ic-b",
          Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
          ContentType: "application/json",
        }),
      );
      expect(answer.InvokedProductionVariant).toBe("AllTraffic");
      // ic-b was rolled to model-a: a + b.
      expect(JSON.parse(new TextDecoder().decode(answer.Body)).outputs[0].data).toEqual(ANSWERS.add);
      await client.send(
        new UpdateInferenceComponentRuntimeConfigCommand({
          InferenceComponentName: "ic-b",
          DesiredRuntimeConfig: { CopyCount: 0 },
        }),
      );
      await waitInService("ic-b");
      expect(await invoke("ic-b")).toMatchObject({
        name: "ValidationError",
        message: "Inference component ic-b has no copies to process this request (CurrentCopyCount: 0).",
      });
    } finally {
      runtime.destroy();
      await client.send(
        new UpdateInferenceComponentRuntimeConfigCommand({
          InferenceComponentName: "ic-b",
          DesiredRuntimeConfig: { CopyCount: 2 },
        }),
      );
      await waitInService("ic-b");
    }
  });
});

describe("inference components via boto3 and the AWS CLI v1", () => {
  it("boto3 creates, describes, lists, scales and deletes, and reads the errors by code", async () => {
    const script = `
import json, sys, boto3
from botocore.exceptions import ClientError
sm = boto3.client("sagemaker", endpoint_url=sys.argv[1])
sm.create_inference_component(InferenceComponentName="py-ic", EndpointName="ic-endpoint",
    Specification={"ModelName": "model-b", "ComputeResourceRequirements": {"MinMemoryRequiredInMb": 512}},
    RuntimeConfig={"CopyCount": 1})
first = sm.describe_inference_component(InferenceComponentName="py-ic")["InferenceComponentStatus"]
listed = [c["InferenceComponentName"] for c in sm.list_inference_components(
    EndpointNameEquals="ic-endpoint", SortBy="Name", SortOrder="Ascending")["InferenceComponents"]]
codes = []
for call in (lambda: sm.describe_inference_component(InferenceComponentName="gone"),
             lambda: sm.create_inference_component(InferenceComponentName="py-big", EndpointName="ic-endpoint",
                 Specification={"ModelName": "model-b", "ComputeResourceRequirements": {"MinMemoryRequiredInMb": 512}},
                 RuntimeConfig={"CopyCount": 1000}),
             lambda: sm.update_inference_component_runtime_config(InferenceComponentName="py-ic",
                 DesiredRuntimeConfig={"CopyCount": 2})):
    try:
        call()
    except ClientError as e:
        codes.append(e.response["Error"]["Code"])
try:
    boto3.client("sagemaker-runtime", endpoint_url=sys.argv[1]).invoke_endpoint(
        EndpointName="ic-endpoint", ContentType="application/json", Body=b"{}")
except ClientError as e:
    codes.append(e.response["Error"]["Code"])
sm.delete_inference_component(InferenceComponentName="py-ic")
print(json.dumps({"first": first, "listed": listed, "codes": codes}))
`;
    const { stdout } = await run("python3", ["-c", script, emulator.url], { env: awsEnv() });
    expect(JSON.parse(stdout)).toEqual({
      first: "Creating",
      listed: ["ic-b", "py-ic"],
      // py-ic is still Creating: an update is refused.
      // The last: InvokeEndpoint without the component header.
      codes: ["ValidationException", "ResourceLimitExceeded", "ValidationException", "ValidationError"],
    });
  });

  it("the AWS CLI creates, describes, lists, scales and deletes, and prints the error names", async () => {
    const aws = async (...args: string[]) => {
      const { stdout } = await run("aws", [...args, "--endpoint-url", emulator.url, "--output", "json"], {
        env: awsEnv(),
      });
      return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
    };
    const created = await aws(
      "sagemaker",
      "create-inference-component",
      "--inference-component-name",
      "cli-ic",
      "--endpoint-name",
      "ic-endpoint",
      "--variant-name",
      "AllTraffic",
      "--specification",
      '{"ModelName":"model-b","ComputeResourceRequirements":{"NumberOfCpuCoresRequired":0.5,"MinMemoryRequiredInMb":256}}',
      "--runtime-config",
      "CopyCount=1",
    );
    expect(created.InferenceComponentArn).toBe(
      "arn:aws:sagemaker:us-east-1:000000000000:inference-component/cli-ic",
    );
    await waitInService("cli-ic");
    await aws(
      "sagemaker",
      "update-inference-component-runtime-config",
      "--inference-component-name",
      "cli-ic",
      "--desired-runtime-config",
      "CopyCount=0",
    );
    await waitInService("cli-ic");
    const described = await aws(
      "sagemaker",
      "describe-inference-component",
      "--inference-component-name",
      "cli-ic",
    );
    expect(described).toMatchObject({
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 0, CurrentCopyCount: 0 },
    });
    const listed = await aws("sagemaker", "list-inference-components", "--name-contains", "cli");
    expect(
      (listed.InferenceComponents as { InferenceComponentName: string }[]).map(
        (c) => c.InferenceComponentName,
      ),
    ).toEqual(["cli-ic"]);
    const tooMany = await aws(
      "sagemaker",
      "update-inference-component-runtime-config",
      "--inference-component-name",
      "cli-ic",
      "--desired-runtime-config",
      "CopyCount=1000",
    ).catch((error: { stderr: string }) => error.stderr);
    expect(tooMany).toContain("An error occurred (ResourceLimitExceeded)");
    await aws("sagemaker", "delete-inference-component", "--inference-component-name", "cli-ic");
    const gone = await aws(
      "sagemaker",
      "describe-inference-component",
      "--inference-component-name",
      "cli-ic",
    ).catch((error: { stderr: string }) => error.stderr);
    expect(gone).toContain("An error occurred (ValidationException)");
  });
});

describe("inference components across restarts", () => {
  it("keeps components with their ARN, spec and copies; --reset clears them", async () => {
    const before = await waitInService("ic-b");
    await emulator.stop();
    await start();
    const after = await describeIc("ic-b");
    expect(after.InferenceComponentArn).toBe(before.InferenceComponentArn);
    expect(after.CreationTime).toEqual(before.CreationTime);
    expect(after.Specification).toEqual(before.Specification);
    expect(after.RuntimeConfig).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect(after.InferenceComponentStatus).toBe("InService");

    await emulator.stop();
    await start(["--reset"]);
    expect((await errorOf(describeIc("ic-b"))).name).toBe("ValidationException");
  });

  it("deleting the endpoint takes its components with it", async () => {
    await createIcEndpoint("ic-gone");
    await createModel("model-c");
    await createIc("ic-c", "ic-gone", "model-c", 128, 1);
    await run(
      "aws",
      ["sagemaker", "delete-endpoint", "--endpoint-name", "ic-gone", "--endpoint-url", emulator.url],
      {
        env: awsEnv(),
      },
    );
    expect((await client.send(new ListInferenceComponentsCommand({}))).InferenceComponents).toEqual([]);
  });
});
