// Two emulators in one process, each with an endpoint of the same name over the same model: a load on one
// shows in its metrics and activity feed only (the cache events are scoped per emulator).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const MODELS_URL = "s3://mme-models/twins/";
const emulators: TestEmulator[] = [];
let modelsDir: string;

beforeAll(async () => {
  modelsDir = await mkdtemp(join(tmpdir(), "mme-twins-"));
  const dir = await writeAddSubOnnx(modelsDir, "add");
  for (let i = 0; i < 2; i++) {
    const emulator = await startTestEmulator();
    emulators.push(emulator);
    await addModel(emulator.s3Client, { dir, tarballName: "add.tar.gz", modelDataUrl: MODELS_URL });
    await emulator.declareMultiModelEndpoint("twin", MODELS_URL);
  }
});

afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()));
  await rm(modelsDir, { recursive: true, force: true });
});

const loads = async (emulator: TestEmulator) =>
  sampleValue(await scrapeMetrics(emulator.url), "ModelLoadingTime_count", { EndpointName: "twin" }) ?? 0;
const activity = (emulator: TestEmulator) =>
  emulator.view.activity.recent().map((event) => `${event.kind} ${event.targetModel}`);

describe("cache events with two emulators in one process", () => {
  it("reach the metrics and activity feed of the emulator whose instance loaded the model only", async () => {
    const [first, second] = emulators as [TestEmulator, TestEmulator];
    const invoke = (emulator: TestEmulator) =>
      emulator.runtimeClient().send(
        new InvokeEndpointCommand({
          EndpointName: "twin",
          TargetModel: "add.tar.gz",
          ContentType: "application/json",
          Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
        }),
      );
    await invoke(first);
    expect(await loads(first)).toBe(1);
    expect(await loads(second)).toBe(0);
    expect(activity(first)).toEqual(["download add.tar.gz", "load add.tar.gz"]);
    expect(activity(second)).toEqual([]);
    const [load] = first.view.activity.recent().filter((event) => event.kind === "load");
    expect(load!.instanceId).toBe(first.plane.endpoints.get("twin")!.variants![0]!.fleet.instances[0]!.id);

    await invoke(second);
    expect(await loads(second)).toBe(1);
    expect(await loads(first)).toBe(1);
    expect(activity(first)).toHaveLength(2);
  });
});
