// The compose topology with the CPU runtime standing where Triton stands: the emulator container
// extracts models into a shared /opt/ml/models and drives the runtime container over the MME
// container contract; a one-model memory budget forces eviction.
import type { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_PROFILE } from "@mme/core";
import { Network, type StartedNetwork } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningContainer,
  sharedModelsDir,
  startEmulatorContainer,
  startRuntimeContainer,
} from "./support/containers.js";
import { ADD_SUB_DIFFERENCE, ADD_SUB_REQUEST, ADD_SUB_SUM, outputNamed } from "./support/models.js";
import { checkGroup, imageRequirement } from "./support/requirements.js";
import { endpointStatus, fetchMetrics, invokeJson, metricValue, runtimeClient } from "./support/sagemaker.js";
import { containerSuiteSettings } from "./support/settings.js";

const settings = containerSuiteSettings();
const canRun = await checkGroup(
  `emulator image ${settings.emulatorImage} + runtime image ${settings.runtimeImage} over HTTP`,
  [imageRequirement(settings.emulatorImage, settings), imageRequirement(settings.runtimeImage, settings)],
);

describe.skipIf(!canRun)("emulator container driving the runtime container over HTTP", () => {
  let network: StartedNetwork;
  let models: Awaited<ReturnType<typeof sharedModelsDir>>;
  let runtime: RunningContainer;
  let emulator: RunningContainer;
  let client: SageMakerRuntimeClient;
  const endpoint = { EndpointName: LOCAL_PROFILE.endpointName, VariantName: "AllTraffic" };

  beforeAll(async () => {
    network = await new Network().start();
    models = await sharedModelsDir();
    runtime = await startRuntimeContainer(settings.runtimeImage, {
      network,
      alias: "runtime",
      modelsDir: models.path,
    });
    emulator = await startEmulatorContainer(settings.emulatorImage, {
      network,
      modelsDir: models.path,
      env: { MME_CONTAINER_URL: "http://runtime:8080", MME_MAX_LOADED_MODELS: "1" },
    });
    client = runtimeClient(emulator.url(8080));
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
    await runtime?.stop();
    await network?.stop();
    await models?.remove();
  });

  const loadedInRuntime = async () => {
    const listed = (await (await fetch(`${runtime.url(8080)}/models`)).json()) as { models: unknown[] };
    return listed.models.length;
  };

  const expectAddSub = async (target: string) => {
    const body = await invokeJson(client, target, ADD_SUB_REQUEST);
    expect(outputNamed(body, "OUTPUT0").data).toEqual(ADD_SUB_SUM);
    expect(outputNamed(body, "OUTPUT1").data).toEqual(ADD_SUB_DIFFERENCE);
  };

  it("serves a model loaded into the runtime container", async () => {
    await expectAddSub("add_sub_v0.tar.gz");
    expect(await loadedInRuntime()).toBe(1);
    expect((await endpointStatus(emulator.url(8080))).loadedModels).toEqual(["add_sub_v0.tar.gz"]);
  });

  it("evicts the least recently used model when a second one needs the only slot", async () => {
    await expectAddSub("add_sub_onnx_v0.tar.gz");
    expect(await loadedInRuntime()).toBe(1);
    const status = await endpointStatus(emulator.url(8080));
    expect(status.loadedModels).toEqual(["add_sub_onnx_v0.tar.gz"]);
    expect(status.diskEntries).toEqual(
      expect.arrayContaining(["add_sub_v0.tar.gz", "add_sub_onnx_v0.tar.gz"]),
    );
  });

  it("reloads an evicted model from disk without downloading it again", async () => {
    const before = await fetchMetrics(emulator.url(8080));
    await expectAddSub("add_sub_v0.tar.gz");
    const after = await fetchMetrics(emulator.url(8080));
    expect(metricValue(after, "ModelDownloadingTime_count", endpoint)).toBe(
      metricValue(before, "ModelDownloadingTime_count", endpoint),
    );
    expect(metricValue(after, "ModelLoadingTime_count", endpoint)).toBe(
      metricValue(before, "ModelLoadingTime_count", endpoint) + 1,
    );
    expect(metricValue(after, "ModelUnloadingTime_count", endpoint)).toBeGreaterThanOrEqual(2);
    expect(metricValue(after, "LoadedModelCount", endpoint)).toBe(1);
  });
});
