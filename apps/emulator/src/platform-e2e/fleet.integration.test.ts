// Instances and variants through the real AWS SDK v3: routing affinity and spill-over across instances,
// LoadedModelCount over copies, weights and target variants, UpdateEndpointWeightsAndCapacities and
// UpdateEndpoint (new cold instances); a log stream per instance, read with the real CloudWatch Logs client.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  type ProductionVariant,
  SageMakerClient,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import {
  InvokeEndpointCommand,
  type ModelError,
  type SageMakerRuntimeClient,
} from "@aws-sdk/client-sagemaker-runtime";
import { addModel, LOCAL_PROFILE } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GATED_REQUEST, Gate, writeGatedPythonModel } from "../test-support/gated-python-model.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx, writePythonModel } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { endpointStatus } from "../test-support/status-route.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

const MODELS_URL = "s3://mme-models/fleet/";
let emulator: TestEmulator;
let sagemaker: SageMakerClient;
let runtime: SageMakerRuntimeClient;
let modelsDir: string;
let gate: Gate;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

beforeAll(async () => {
  emulator = await startTestEmulator({ createDelayMs: 500 });
  sagemaker = new SageMakerClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
  });
  runtime = emulator.runtimeClient();
  modelsDir = await mkdtemp(join(tmpdir(), "mme-fleet-models-"));
  gate = await Gate.create(join(modelsDir, "gate"));
  const upload = async (dir: string, tarballName: string) =>
    addModel(emulator.s3Client, { dir, tarballName, modelDataUrl: MODELS_URL });
  await upload(await writeGatedPythonModel(modelsDir, "hot", gate), "hot.tar.gz");
  await upload(await writeAddSubOnnx(modelsDir, "cold"), "cold.tar.gz");
  await upload(await writeAddSubOnnx(modelsDir, "other"), "other.tar.gz");
  await upload(
    await writePythonModel(modelsDir, "raising", { raises: "boom from the model" }),
    "raising.tar.gz",
  );
});
afterAll(async () => {
  await gate?.open();
  sagemaker?.destroy();
  await emulator?.stop();
  if (modelsDir) await rm(modelsDir, { recursive: true, force: true });
});

async function createEndpoint(
  name: string,
  variants: Partial<ProductionVariant>[],
  env: Record<string, string> = {},
) {
  await sagemaker.send(
    new CreateModelCommand({
      ModelName: `${name}-model`,
      ExecutionRoleArn: LOCAL_PROFILE.role,
      PrimaryContainer: { Mode: "MultiModel", ModelDataUrl: MODELS_URL, Environment: env },
    }),
  );
  await createConfig(`${name}-config`, `${name}-model`, variants);
  await sagemaker.send(
    new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config` }),
  );
  await waitUntilEndpointInService(
    { client: sagemaker, maxWaitTime: 60, minDelay: 1 },
    { EndpointName: name },
  );
}

async function createConfig(configName: string, modelName: string, variants: Partial<ProductionVariant>[]) {
  await sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: configName,
      ProductionVariants: variants.map((v) => ({
        VariantName: "AllTraffic",
        ModelName: modelName,
        InstanceType: "ml.g5.xlarge",
        InitialInstanceCount: 1,
        ...v,
      })),
    }),
  );
}

function invoke(
  endpointName: string,
  targetModel: string,
  extra: { TargetVariant?: string; body?: unknown } = {},
) {
  return runtime.send(
    new InvokeEndpointCommand({
      EndpointName: endpointName,
      TargetModel: targetModel,
      ContentType: "application/json",
      Body: json(extra.body ?? ADD_SUB_REQUEST),
      ...(extra.TargetVariant ? { TargetVariant: extra.TargetVariant } : {}),
    }),
  );
}

const instancesHolding = async (endpointName: string, target: string) =>
  (await endpointStatus(emulator.url, endpointName)).variants![0]!.instances.filter((i) =>
    i.loadedModels.includes(target),
  ).length;

describe("instances of a variant", () => {
  it("keeps a model where it is loaded, spills a busy hot model to a second instance, a cold one stays on one", async () => {
    await createEndpoint("routed", [{ InitialInstanceCount: 2 }], { MME_ROUTING_BUSY_THRESHOLD: "1" });
    const described = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "routed" }));
    expect(described.ProductionVariants?.[0]).toMatchObject({
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
    });

    // Two requests for the hot model held inside the model: the first instance is busy, so the second loads it too.
    const first = invoke("routed", "hot.tar.gz", { body: GATED_REQUEST });
    await vi.waitFor(async () => expect(await instancesHolding("routed", "hot.tar.gz")).toBe(1), {
      timeout: 30_000,
    });
    const second = invoke("routed", "hot.tar.gz", { body: GATED_REQUEST });
    await vi.waitFor(async () => expect(await instancesHolding("routed", "hot.tar.gz")).toBe(2), {
      timeout: 30_000,
    });
    await gate.open();
    await Promise.all([first, second]);

    await invoke("routed", "cold.tar.gz");
    await invoke("routed", "cold.tar.gz");
    expect(await instancesHolding("routed", "cold.tar.gz")).toBe(1);
    expect(await instancesHolding("routed", "hot.tar.gz")).toBe(2);

    const status = await endpointStatus(emulator.url, "routed");
    const variant = status.variants![0]!;
    expect(variant.routing.busyThreshold).toBe(1);
    expect(variant.instances.map((i) => i.loadedModelCount).sort()).toEqual([1, 2]);
    expect(variant.invocationsPerInstance).toBeCloseTo(4 / 2);
    // The second cold request found it loaded where the first put it.
    const coldHolder = variant.instances.find((i) => i.loadedModels.includes("cold.tar.gz"))!;
    expect(coldHolder.invocations).toBeGreaterThanOrEqual(2);

    const metrics = await scrapeMetrics(emulator.url);
    const labels = { EndpointName: "routed", VariantName: "AllTraffic" };
    expect(sampleValue(metrics, "LoadedModelCount", labels)).toBe(3);
    expect(sampleValue(metrics, "InvocationsPerInstance", labels)).toBeCloseTo(2);
    for (const instance of variant.instances) {
      expect(
        sampleValue(metrics, "mme_instance_LoadedModelCount", { ...labels, InstanceId: instance.instanceId }),
      ).toBe(instance.loadedModelCount);
    }
  });
});

describe("variants", () => {
  it("routes by weight and target variant, names the variant that answered, and changes weights and capacity", async () => {
    await createEndpoint("weighted", [
      { VariantName: "A", InitialVariantWeight: 1 },
      { VariantName: "B", InitialVariantWeight: 0 },
    ]);
    for (let i = 0; i < 3; i++)
      expect((await invoke("weighted", "cold.tar.gz")).InvokedProductionVariant).toBe("A");
    expect((await invoke("weighted", "cold.tar.gz", { TargetVariant: "B" })).InvokedProductionVariant).toBe(
      "B",
    );
    const unknown = await invoke("weighted", "cold.tar.gz", { TargetVariant: "C" }).catch((e: Error) => e);
    expect(unknown).toMatchObject({
      name: "ValidationError",
      message: "Variant C was not found in endpoint weighted.",
    });

    await sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "weighted",
        DesiredWeightsAndCapacities: [
          { VariantName: "A", DesiredWeight: 0 },
          { VariantName: "B", DesiredWeight: 2, DesiredInstanceCount: 3 },
        ],
      }),
    );
    const updating = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "weighted" }));
    expect(updating.EndpointStatus).toBe("Updating");
    await waitUntilEndpointInService(
      { client: sagemaker, maxWaitTime: 60, minDelay: 1 },
      { EndpointName: "weighted" },
    );
    const after = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "weighted" }));
    expect(after.ProductionVariants).toMatchObject([
      {
        VariantName: "A",
        CurrentWeight: 0,
        DesiredWeight: 0,
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
      },
      {
        VariantName: "B",
        CurrentWeight: 2,
        DesiredWeight: 2,
        CurrentInstanceCount: 3,
        DesiredInstanceCount: 3,
      },
    ]);
    for (let i = 0; i < 3; i++)
      expect((await invoke("weighted", "cold.tar.gz")).InvokedProductionVariant).toBe("B");

    await sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: "weighted",
        DesiredWeightsAndCapacities: [{ VariantName: "B", DesiredInstanceCount: 1 }],
      }),
    );
    await waitUntilEndpointInService(
      { client: sagemaker, maxWaitTime: 60, minDelay: 1 },
      { EndpointName: "weighted" },
    );
    const shrunk = await endpointStatus(emulator.url, "weighted");
    expect(shrunk.variants!.map((v) => v.currentInstanceCount)).toEqual([1, 1]);
  });

  it("UpdateEndpoint deploys the new config on cold instances while the old ones serve", async () => {
    await createEndpoint("updated", [{ InitialInstanceCount: 1 }]);
    await invoke("updated", "other.tar.gz");
    const before = await endpointStatus(emulator.url, "updated");
    expect(before.loadedModels).toEqual(["other.tar.gz"]);
    const oldInstance = before.variants![0]!.instances[0]!.instanceId;

    await createConfig("updated-config-2", "updated-model", [{ InitialInstanceCount: 2 }]);
    await sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "updated", EndpointConfigName: "updated-config-2" }),
    );
    expect(await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "updated" }))).toMatchObject({
      EndpointStatus: "Updating",
      EndpointConfigName: "updated-config",
      ProductionVariants: [{ CurrentInstanceCount: 1 }],
      PendingDeploymentSummary: {
        EndpointConfigName: "updated-config-2",
        ProductionVariants: [
          { VariantName: "AllTraffic", DesiredInstanceCount: 2, VariantStatus: [{ Status: "Creating" }] },
        ],
      },
    });
    // The old instance keeps serving meanwhile.
    expect((await invoke("updated", "other.tar.gz")).InvokedProductionVariant).toBe("AllTraffic");
    await waitUntilEndpointInService(
      { client: sagemaker, maxWaitTime: 60, minDelay: 1 },
      { EndpointName: "updated" },
    );
    const described = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: "updated" }));
    expect(described).toMatchObject({
      EndpointConfigName: "updated-config-2",
      ProductionVariants: [{ CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
    });
    expect(described.PendingDeploymentSummary).toBeUndefined();
    const after = await endpointStatus(emulator.url, "updated");
    expect(after.loadedModels).toEqual([]);
    expect(after.variants![0]!.instances.map((i) => i.instanceId)).not.toContain(oldInstance);
    await invoke("updated", "other.tar.gz");
    expect((await endpointStatus(emulator.url, "updated")).hitRatio).toBe(0);

    await sagemaker.send(
      new UpdateEndpointCommand({ EndpointName: "updated", EndpointConfigName: "updated-config-2" }),
    );
    const again = await sagemaker
      .send(new UpdateEndpointCommand({ EndpointName: "updated", EndpointConfigName: "updated-config-2" }))
      .catch((e: Error) => e);
    expect(again).toMatchObject({ name: "ValidationException" });
    expect((again as Error).message).toMatch(/^Cannot update in-progress endpoint/);
  });
});

describe("log streams", () => {
  it("has one stream per instance, named by its id; a ModelError names the stream of the instance that failed it", async () => {
    await createEndpoint("logged", [{ InitialInstanceCount: 2 }]);
    const logs = new CloudWatchLogsClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const group = "/aws/sagemaker/Endpoints/logged";
      const ids = (await endpointStatus(emulator.url, "logged")).variants![0]!.instances.map(
        (i) => i.instanceId,
      );
      expect(ids).toHaveLength(2);
      const described = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(described.logStreams!.map((s) => s.logStreamName).sort()).toEqual(
        ids.map((id) => `AllTraffic/${id}`).sort(),
      );

      const failed = (await invoke("logged", "raising.tar.gz").catch((e: unknown) => e)) as ModelError;
      expect(failed.name).toBe("ModelError");
      // A new model goes to the instance with fewer loaded models: the other one.
      await invoke("logged", "cold.tar.gz");
      const instances = (await endpointStatus(emulator.url, "logged")).variants![0]!.instances;
      const served = instances.find((i) => i.loadedModels.includes("raising.tar.gz"))!;
      const other = instances.find((i) => i.instanceId !== served.instanceId)!;
      expect(other.loadedModels).toEqual(["cold.tar.gz"]);
      expect(failed.LogStreamArn).toMatch(
        new RegExp(
          `^arn:aws:logs:us-east-1:\\d{12}:log-group:${group}:log-stream:AllTraffic/${served.instanceId}$`,
        ),
      );

      const messages = async (instanceId: string) =>
        (
          await logs.send(
            new GetLogEventsCommand({
              logGroupName: group,
              logStreamName: `AllTraffic/${instanceId}`,
              startFromHead: true,
            }),
          )
        ).events!.map((e) => e.message!);
      const servedLines = await messages(served.instanceId);
      expect(servedLines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\[INFO\] Model raising\.tar\.gz loaded in /),
          expect.stringContaining("ValueError: boom from the model"),
          expect.stringContaining(
            `[ERROR] Invocation of model raising.tar.gz failed (request ${failed.$metadata.requestId}): ModelError 424`,
          ),
        ]),
      );
      expect(servedLines.join("\n")).not.toContain("cold.tar.gz");
      const otherLines = await messages(other.instanceId);
      expect(otherLines).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\[INFO\] Model cold\.tar\.gz loaded in /)]),
      );
      expect(otherLines.join("\n")).not.toMatch(/raising|boom/);

      // A request refused before routing reached no instance: no stream of its own appears.
      const refused = await runtime
        .send(new InvokeEndpointCommand({ EndpointName: "logged", Body: json(ADD_SUB_REQUEST) }))
        .catch((e: Error) => e);
      expect(refused).toMatchObject({ name: "ValidationError" });
      const after = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(after.logStreams!.map((s) => s.logStreamName).sort()).toEqual(
        ids.map((id) => `AllTraffic/${id}`).sort(),
      );
    } finally {
      logs.destroy();
    }
  });
});
