// Application Auto Scaling against the emulator, through `mme autoscale` / `mme status` and the real
// ApplicationAutoScalingClient: a scripted load on a compressed clock scales a variant 1 → 3 → 1,
// honouring the cooldowns, with the scaling activities recorded.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  ValidationException,
} from "@aws-sdk/client-application-auto-scaling";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { runMme } from "@mme/cli/test-support";
import { addModel, LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

const MODELS_URL = "s3://mme-models/scaling/";
/** A minute lasts 100 ms; cooldowns in seconds shrink alike. */
const TIME_SCALE = 600;
let emulator: TestEmulator;
let client: ApplicationAutoScalingClient;
let workDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ createDelayMs: 0, autoscalingTimeScale: TIME_SCALE });
  client = new ApplicationAutoScalingClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
  });
  workDir = await mkdtemp(join(tmpdir(), "mme-autoscaling-"));
  await addModel(emulator.s3Client, {
    dir: await writeAddSubOnnx(workDir),
    tarballName: "add_sub_onnx_v0.tar.gz",
    modelDataUrl: MODELS_URL,
  });
  await emulator.declareMultiModelEndpoint("scaled", MODELS_URL);
});
afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

function mme(argv: string[]) {
  const env = {
    MME_ENDPOINT_URL: emulator.url,
    MME_REGION: "us-east-1",
    MME_ENDPOINT_NAME: "scaled",
    AWS_ACCESS_KEY_ID: LOCAL_PROFILE.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_PROFILE.credentials.secretAccessKey,
  };
  return runMme(argv, { env, cwd: workDir, answer: true });
}

const currentCount = async () => {
  const status = JSON.parse((await mme(["status", "--json"])).stdout);
  return status.variants[0].currentInstanceCount as number;
};

describe("autoscaling on the emulator", () => {
  it("scales 1 → 3 under load and back to 1 when it stops, honouring the cooldowns", async () => {
    const set = await mme([
      "autoscale",
      "--min",
      "1",
      "--max",
      "3",
      "--target-invocations",
      "5",
      "--scale-out-cooldown",
      "120",
      "--scale-in-cooldown",
      "300",
      "--json",
    ]);
    expect(set.stderr).toBe("");
    expect(set.code).toBe(0);
    const targets = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" }));
    expect(targets.ScalableTargets).toMatchObject([
      { ResourceId: "endpoint/scaled/variant/AllTraffic", MinCapacity: 1, MaxCapacity: 3 },
    ]);
    expect(await currentCount()).toBe(1);

    // Scripted load: four callers back to back, far above 5 invocations per instance per (100 ms) minute.
    const runtime = emulator.runtimeClient();
    let loading = true;
    const caller = async () => {
      while (loading) {
        await runtime.send(
          new InvokeEndpointCommand({
            EndpointName: "scaled",
            TargetModel: "add_sub_onnx_v0.tar.gz",
            ContentType: "application/json",
            Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
          }),
        );
      }
    };
    const callers = Array.from({ length: 4 }, caller);
    try {
      await vi.waitFor(async () => expect(await currentCount()).toBe(3), { timeout: 60_000, interval: 100 });
    } finally {
      loading = false;
      await Promise.all(callers);
    }
    const status = JSON.parse((await mme(["status", "--json"])).stdout);
    expect(status.variants[0]).toMatchObject({
      currentInstanceCount: 3,
      desiredInstanceCount: 3,
      autoscaling: {
        minCapacity: 1,
        maxCapacity: 3,
        policy: { targetInvocations: 5, scaleOutCooldown: 120 },
      },
    });
    const human = await mme(["status"]);
    expect(human.stdout).toMatch(/variant AllTraffic\s+ml\.g5\.xlarge x 3 \(desired 3, weight 1\)/);
    expect(human.stdout).toMatch(/autoscaling\s+1-3 instances, target 5 invocations\/instance\/min/);

    await vi.waitFor(async () => expect(await currentCount()).toBe(1), { timeout: 60_000, interval: 100 });

    const { ScalingActivities = [] } = await client.send(
      new DescribeScalingActivitiesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/scaled/variant/AllTraffic",
      }),
    );
    const history = [...ScalingActivities].reverse();
    expect(history.at(-1)).toMatchObject({
      Description: "Setting desired instance count to 1.",
      StatusCode: "Successful",
    });
    expect(history.at(-1)?.Cause).toMatch(
      /AlarmLow.* triggered policy mme-invocations-scaled-AllTraffic changing the desired capacity from 3 to 1/,
    );
    const outs = history.filter((a) => /AlarmHigh/.test(a.Cause ?? ""));
    expect(outs.length).toBeGreaterThanOrEqual(1);
    expect(outs.at(-1)?.Description).toBe("Setting desired instance count to 3.");
    // Cooldowns in emulated seconds: consecutive scale-outs at least 120 s apart; the scale-in after both.
    const emulated = (a: { StartTime?: Date }) => (a.StartTime!.getTime() * TIME_SCALE) / 1000;
    for (let i = 1; i < outs.length; i++)
      expect(emulated(outs[i]!) - emulated(outs[i - 1]!)).toBeGreaterThanOrEqual(120);
    expect(emulated(history.at(-1)!) - emulated(outs.at(-1)!)).toBeGreaterThanOrEqual(120);

    const off = await mme(["autoscale", "--off"]);
    expect(off.code).toBe(0);
    expect(
      (await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker" })))
        .ScalableTargets,
    ).toEqual([]);
  });

  it("answers bad requests with Application Auto Scaling's errors", async () => {
    const target = {
      ServiceNamespace: "sagemaker" as const,
      ResourceId: "endpoint/scaled/variant/AllTraffic",
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
    };
    const unregistered = await client
      .send(
        new PutScalingPolicyCommand({
          ...target,
          PolicyName: "p",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 5,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(unregistered).toBeInstanceOf(ObjectNotFoundException);
    expect((unregistered as Error).message).toBe(
      "No scalable target registered for service namespace: sagemaker, resource ID: endpoint/scaled/variant/AllTraffic, scalable dimension: sagemaker:variant:DesiredInstanceCount",
    );
    const noEndpoint = await client
      .send(
        new RegisterScalableTargetCommand({
          ...target,
          ResourceId: "endpoint/nope/variant/AllTraffic",
          MinCapacity: 1,
          MaxCapacity: 2,
        }),
      )
      .catch((e: unknown) => e);
    expect(noEndpoint).toBeInstanceOf(ValidationException);

    expect((await mme(["autoscale", "--min", "1", "--max", "2", "--target-invocations", "5"])).code).toBe(0);
    const stepScaling = await client
      .send(new PutScalingPolicyCommand({ ...target, PolicyName: "step", PolicyType: "StepScaling" }))
      .catch((e: unknown) => e);
    expect(stepScaling).toBeInstanceOf(ValidationException);
    await client.send(new DeregisterScalableTargetCommand(target));
    const twice = await client.send(new DeregisterScalableTargetCommand(target)).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(ObjectNotFoundException);
  });
});
