// The compose stack's real parts: MinIO as the model source and NVIDIA Triton (SageMaker MME mode)
// as the container, with the emulator between them. Each group needs its images present locally
// (or MME_CONTAINERS_PULL=1) and says so when they are not.

import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import { Network, type StartedNetwork } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MINIO_CREDENTIALS,
  type RunningContainer,
  sharedModelsDir,
  startEmulatorContainer,
  startMinioContainer,
  startTritonContainer,
} from "./support/containers.js";
import { localFlags, mme } from "./support/mme-cli.js";
import {
  ADD_SUB_DIFFERENCE,
  ADD_SUB_REQUEST,
  ADD_SUB_SUM,
  imageRequest,
  type ModelWorkspace,
  modelWorkspace,
  outputNamed,
} from "./support/models.js";
import { checkGroup, imageRequirement } from "./support/requirements.js";
import { endpointStatus, fetchMetrics, invokeJson, metricValue, runtimeClient } from "./support/sagemaker.js";
import { containerSuiteSettings } from "./support/settings.js";

const settings = containerSuiteSettings();
const endpoint = { EndpointName: LOCAL_PROFILE.endpointName, VariantName: "AllTraffic" };
const cliEnv = {
  AWS_ACCESS_KEY_ID: MINIO_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: MINIO_CREDENTIALS.secretAccessKey,
};

interface Stack {
  network: StartedNetwork;
  minio: RunningContainer;
  emulator: RunningContainer;
  triton?: RunningContainer;
  client: SageMakerRuntimeClient;
  models: ModelWorkspace;
  stop(): Promise<void>;
}

/** MinIO (+ Triton) + emulator on one network, the models bucket created, as compose.yaml wires them. */
async function startStack(options: { triton: boolean; maxLoadedModels?: number }): Promise<Stack> {
  const network = await new Network().start();
  const opened: RunningContainer[] = [];
  const shared = options.triton ? await sharedModelsDir() : undefined;
  const models = await modelWorkspace();
  const stop = async () => {
    for (const container of opened.reverse()) await container.stop();
    await network.stop();
    await shared?.remove();
    await models.remove();
  };
  try {
    const minio = await startMinioContainer(settings.minioImage, { network, alias: "minio" });
    opened.push(minio);
    const s3 = createS3Client({
      endpoint: minio.url(9000),
      region: LOCAL_PROFILE.region,
      credentials: MINIO_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: LOCAL_PROFILE.bucketName }));
    s3.destroy();
    const triton = options.triton
      ? await startTritonContainer(settings.tritonImage, {
          network,
          alias: "triton",
          modelsDir: shared!.path,
        })
      : undefined;
    if (triton) opened.push(triton);
    const emulator = await startEmulatorContainer(settings.emulatorImage, {
      network,
      ...(shared ? { modelsDir: shared.path } : {}),
      env: {
        MME_S3_URL: "http://minio:9000",
        AWS_ACCESS_KEY_ID: MINIO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MINIO_CREDENTIALS.secretAccessKey,
        ...(triton ? { MME_CONTAINER_URL: "http://triton:8080" } : {}),
        ...(options.maxLoadedModels ? { MME_MAX_LOADED_MODELS: String(options.maxLoadedModels) } : {}),
      },
    });
    opened.push(emulator);
    return { network, minio, emulator, triton, client: runtimeClient(emulator.url(8080)), models, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function addModel(stack: Stack, kind: "add_sub" | "add_sub_onnx" | "small_image", tarballName: string) {
  const model = await stack.models.write(kind);
  await mme(
    [
      ...localFlags(stack.emulator.url(8080), stack.minio.url(9000)),
      "add-model",
      model.modelDir,
      tarballName,
    ],
    cliEnv,
  );
}

async function expectAddSub(stack: Stack, target: string) {
  const body = await invokeJson(stack.client, target, ADD_SUB_REQUEST);
  expect(outputNamed(body, "OUTPUT0").data).toEqual(ADD_SUB_SUM);
  expect(outputNamed(body, "OUTPUT1").data).toEqual(ADD_SUB_DIFFERENCE);
}

const minioReady = await checkGroup(`MinIO ${settings.minioImage} as the model source`, [
  imageRequirement(settings.minioImage, settings),
  imageRequirement(settings.emulatorImage, settings),
]);

describe.skipIf(!minioReady)("MinIO as the emulator's model source", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ triton: false });
  });
  afterAll(async () => {
    stack?.client.destroy();
    await stack?.stop();
  });

  it("serves a model the CLI uploaded to MinIO", async () => {
    await addModel(stack, "add_sub_onnx", "team-a/add_sub_onnx_v1.tar.gz");
    await expectAddSub(stack, "team-a/add_sub_onnx_v1.tar.gz");
  });

  it("refuses to overwrite a key an endpoint may have cached", async () => {
    await expect(addModel(stack, "add_sub_onnx", "team-a/add_sub_onnx_v1.tar.gz")).rejects.toThrow(
      /already exists/,
    );
  });
});

const tritonReady = await checkGroup(`Triton ${settings.tritonImage} as the container (with MinIO)`, [
  imageRequirement(settings.tritonImage, settings),
  imageRequirement(settings.minioImage, settings),
  imageRequirement(settings.emulatorImage, settings),
]);

describe.skipIf(!tritonReady)("Triton in SageMaker MME mode behind the emulator", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ triton: true, maxLoadedModels: 2 });
    await addModel(stack, "add_sub", "add_sub_v0.tar.gz");
    await addModel(stack, "add_sub_onnx", "add_sub_onnx_v0.tar.gz");
    await addModel(stack, "small_image", "small_image_v0.tar.gz");
  });
  afterAll(async () => {
    stack?.client.destroy();
    await stack?.stop();
  });

  it("serves the Python-backend add_sub", async () => {
    await expectAddSub(stack, "add_sub_v0.tar.gz");
  });

  it("serves the ONNX add_sub", async () => {
    await expectAddSub(stack, "add_sub_onnx_v0.tar.gz");
  });

  it("classifies an image, evicting the least recently used model to stay within two", async () => {
    const body = await invokeJson(stack.client, "small_image_v0.tar.gz", imageRequest());
    expect(outputNamed(body, "OUTPUT__0").shape).toEqual([1, 1000]);
    const status = await endpointStatus(stack.emulator.url(8080));
    expect(status.loadedModels).toHaveLength(2);
    expect(status.loadedModels).not.toContain("add_sub_v0.tar.gz");
  });

  it("reports loads, unloads and invocations under SageMaker's metric names", async () => {
    const metrics = await fetchMetrics(stack.emulator.url(8080));
    expect(metricValue(metrics, "Invocations", endpoint)).toBe(3);
    expect(metricValue(metrics, "ModelLoadingTime_count", endpoint)).toBe(3);
    expect(metricValue(metrics, "ModelUnloadingTime_count", endpoint)).toBe(1);
    expect(metricValue(metrics, "LoadedModelCount", endpoint)).toBe(2);
  });
});
