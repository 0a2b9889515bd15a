// The emulator's image on its own: embedded S3 seeded with the registry models, the in-process
// runtime, the ready `sagemaker-poc` endpoint; driven by the AWS SDK and the `mme` CLI.

import type { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningContainer, startEmulatorContainer } from "./support/containers.js";
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
import { fetchMetrics, invokeJson, metricValue, runtimeClient } from "./support/sagemaker.js";
import { containerSuiteSettings } from "./support/settings.js";

const settings = containerSuiteSettings();
const canRun = await checkGroup(
  `emulator image ${settings.emulatorImage}: embedded S3 + in-process runtime`,
  [imageRequirement(settings.emulatorImage, settings)],
);

describe.skipIf(!canRun)("emulator image: embedded S3 and the in-process runtime", () => {
  let emulator: RunningContainer;
  let client: SageMakerRuntimeClient;
  let models: ModelWorkspace;
  const endpoint = { EndpointName: LOCAL_PROFILE.endpointName, VariantName: "AllTraffic" };

  beforeAll(async () => {
    models = await modelWorkspace();
    emulator = await startEmulatorContainer(settings.emulatorImage);
    client = runtimeClient(emulator.url(8080));
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
    await models?.remove();
  });

  it("runs as a non-root user", async () => {
    const { output } = await emulator.container.exec(["id", "-un"]);
    expect(output.trim()).toBe("node");
  });

  for (const target of ["add_sub_v0.tar.gz", "add_sub_onnx_v0.tar.gz"]) {
    it(`serves the seeded ${target} through the AWS SDK`, async () => {
      const body = await invokeJson(client, target, ADD_SUB_REQUEST);
      expect(outputNamed(body, "OUTPUT0").data).toEqual(ADD_SUB_SUM);
      expect(outputNamed(body, "OUTPUT1").data).toEqual(ADD_SUB_DIFFERENCE);
    });
  }

  it("takes an image model uploaded with the CLI and classifies an image", async () => {
    const image = await models.write("small_image");
    const flags = localFlags(emulator.url(8080), emulator.url(9000));
    await mme([...flags, "add-model", image.modelDir, "small_image_v0.tar.gz"]);
    const listed = await mme([...flags, "--json", "list-models"]);
    expect(listed.stdout).toContain("small_image_v0.tar.gz");

    const body = await invokeJson(client, "small_image_v0.tar.gz", imageRequest());
    const scores = outputNamed(body, "OUTPUT__0");
    expect(scores.shape).toEqual([1, 1000]);
    expect(scores.data.every(Number.isFinite)).toBe(true);
  });

  it("answers a target that is not under the prefix with ValidationError", async () => {
    await expect(invokeJson(client, "no_such_model.tar.gz", ADD_SUB_REQUEST)).rejects.toMatchObject({
      name: "ValidationError",
      message: expect.stringContaining("Failed to download model data"),
    });
  });

  it("reports the invocations under SageMaker's metric names", async () => {
    const metrics = await fetchMetrics(emulator.url(8080));
    expect(metricValue(metrics, "Invocations", endpoint)).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, "ModelLoadingTime_count", endpoint)).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, "ModelDownloadingTime_count", endpoint)).toBeGreaterThanOrEqual(3);
    expect(metricValue(metrics, "Invocation4XXErrors", endpoint)).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, "LoadedModelCount", endpoint)).toBe(3);
  });
});
