// The control plane through the real AWS SDK v3 SageMakerClient: create → InService → describe → delete.
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  SageMakerClient,
  waitUntilEndpointDeleted,
  waitUntilEndpointInService,
} from "@aws-sdk/client-sagemaker";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

let emulator: TestEmulator;
let client: SageMakerClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = new SageMakerClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
  });
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
});

describe("control plane via SageMakerClient", () => {
  it("creates a multi-model endpoint that goes Creating → InService, then deletes it", async () => {
    const model = await client.send(
      new CreateModelCommand({
        ModelName: "cp-model",
        ExecutionRoleArn: LOCAL_PROFILE.role,
        PrimaryContainer: {
          Image: LOCAL_PROFILE.imageUri,
          Mode: "MultiModel",
          ModelDataUrl: "s3://mme-models/cp/",
          MultiModelConfig: { ModelCacheSetting: "Disabled" },
        },
      }),
    );
    expect(model.ModelArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:model/cp-model");
    await client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "cp-config",
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "cp-model",
            InitialInstanceCount: 1,
            InstanceType: "ml.g5.xlarge",
          },
        ],
        AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://mme-models/async/" } },
      }),
    );
    const created = await client.send(
      new CreateEndpointCommand({ EndpointName: "cp-endpoint", EndpointConfigName: "cp-config" }),
    );
    expect(created.EndpointArn).toBe("arn:aws:sagemaker:us-east-1:000000000000:endpoint/cp-endpoint");

    const first = await client.send(new DescribeEndpointCommand({ EndpointName: "cp-endpoint" }));
    expect(first.EndpointStatus).toBe("Creating");
    expect(first.CreationTime).toBeInstanceOf(Date);

    await waitUntilEndpointInService(
      { client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 },
      { EndpointName: "cp-endpoint" },
    );
    const described = await client.send(new DescribeEndpointCommand({ EndpointName: "cp-endpoint" }));
    expect(described).toMatchObject({
      EndpointName: "cp-endpoint",
      EndpointConfigName: "cp-config",
      EndpointStatus: "InService",
      ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 1 }],
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://mme-models/async/" } },
    });

    const modelDescription = await client.send(new DescribeModelCommand({ ModelName: "cp-model" }));
    expect(modelDescription.PrimaryContainer?.MultiModelConfig?.ModelCacheSetting).toBe("Disabled");
    const configDescription = await client.send(
      new DescribeEndpointConfigCommand({ EndpointConfigName: "cp-config" }),
    );
    expect(configDescription.ProductionVariants?.[0]?.ModelName).toBe("cp-model");

    const endpoints = await client.send(new ListEndpointsCommand({}));
    expect(endpoints.Endpoints?.map((e) => e.EndpointName)).toContain("cp-endpoint");
    const models = await client.send(new ListModelsCommand({ NameContains: "cp-" }));
    expect(models.Models?.map((m) => m.ModelName)).toEqual(["cp-model"]);
    const configs = await client.send(new ListEndpointConfigsCommand({}));
    expect(configs.EndpointConfigs?.map((c) => c.EndpointConfigName)).toContain("cp-config");

    await client.send(new DeleteEndpointCommand({ EndpointName: "cp-endpoint" }));
    await waitUntilEndpointDeleted(
      { client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { EndpointName: "cp-endpoint" },
    );
    await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: "cp-config" }));
    await client.send(new DeleteModelCommand({ ModelName: "cp-model" }));
    await expect(client.send(new DescribeModelCommand({ ModelName: "cp-model" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: 'Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/cp-model".',
    });
  });

  it("answers a missing endpoint the way real SageMaker does", async () => {
    await expect(client.send(new DescribeEndpointCommand({ EndpointName: "nope" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: 'Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/nope".',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses duplicates, bad names and a config naming a missing model", async () => {
    const input = {
      ModelName: "dup-model",
      PrimaryContainer: { Mode: "MultiModel" as const, ModelDataUrl: "s3://mme-models/dup/" },
    };
    await client.send(new CreateModelCommand(input));
    await expect(client.send(new CreateModelCommand(input))).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Cannot create already existing model"),
    });
    await expect(
      client.send(new CreateModelCommand({ ...input, ModelName: "bad_name!" })),
    ).rejects.toMatchObject({ name: "ValidationException", message: expect.stringContaining("modelName") });
    await expect(
      client.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: "orphan-config",
          ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "missing-model" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "ValidationException",
      message: expect.stringContaining("Could not find model"),
    });
  });

  it("marks an endpoint Failed with a reason when its model cannot be served", async () => {
    await client.send(
      new CreateModelCommand({ ModelName: "no-data", PrimaryContainer: { Image: "x", Mode: "MultiModel" } }),
    );
    await client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: "no-data-config",
        ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "no-data" }],
      }),
    );
    await client.send(
      new CreateEndpointCommand({ EndpointName: "no-data-ep", EndpointConfigName: "no-data-config" }),
    );
    await expect(
      waitUntilEndpointInService(
        { client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
        { EndpointName: "no-data-ep" },
      ),
    ).rejects.toThrow();
    const described = await client.send(new DescribeEndpointCommand({ EndpointName: "no-data-ep" }));
    expect(described.EndpointStatus).toBe("Failed");
    expect(described.FailureReason).toContain("ModelDataUrl");
  });
});
