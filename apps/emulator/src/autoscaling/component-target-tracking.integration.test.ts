// Target tracking on an inference component's copy count, on a compressed clock: the AWS CLI v1
// registers inference-component/<name> and puts a SageMakerInferenceComponentInvocationsPerCopy policy
// as AWS's docs type them; InvokeEndpoint load through the SDK v3 scales the copies 1 → 3 and its end
// back to 1, with the activities described; the SDK v3 reads the copies, the activities and the metrics
// the invocations published.
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeInferenceComponentCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { sampleValue } from "@mme/core/metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awsCli } from "../test-support/cloudwatch-python-clients.js";
import { uploadComponentModels } from "../test-support/component-models.js";
import { createComponentEndpoint } from "../test-support/inference-component-setup.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { startTestEmulator, TEST_CREDENTIALS, type TestEmulator } from "../test-support/test-emulator.js";

/** A minute lasts 100 ms; cooldowns in seconds shrink alike. */
const TIME_SCALE = 600;
const RESOURCE_ID = "inference-component/ic-busy";
let emulator: TestEmulator;
let sagemaker: SageMakerClient;
let autoscaling: ApplicationAutoScalingClient;
let cloudwatch: CloudWatchClient;
let runtime: SageMakerRuntimeClient;

beforeAll(async () => {
  emulator = await startTestEmulator({ createDelayMs: 0, autoscalingTimeScale: TIME_SCALE });
  const config = {
    endpoint: emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  sagemaker = new SageMakerClient(config);
  autoscaling = new ApplicationAutoScalingClient(config);
  cloudwatch = new CloudWatchClient(config);
  runtime = new SageMakerRuntimeClient(config);
  const { add } = await uploadComponentModels(emulator.s3Url, "busy");
  await createComponentEndpoint(sagemaker, { endpoint: "busy", component: "ic-busy", modelDataUrl: add });
});

afterAll(async () => {
  for (const client of [sagemaker, autoscaling, cloudwatch, runtime]) client?.destroy();
  await emulator?.stop();
});

async function copies(): Promise<number | undefined> {
  const described = await sagemaker.send(
    new DescribeInferenceComponentCommand({ InferenceComponentName: "ic-busy" }),
  );
  return described.InferenceComponentStatus === "InService"
    ? described.RuntimeConfig?.CurrentCopyCount
    : undefined;
}

const cli = (args: string[]) => awsCli([...args, "--endpoint-url", emulator.url]);

describe("target tracking on an inference component's copies", () => {
  it("scales 1 → 3 copies under load and back to 1 after it, through UpdateInferenceComponentRuntimeConfig", async () => {
    const target = [
      "--service-namespace",
      "sagemaker",
      "--resource-id",
      RESOURCE_ID,
      "--scalable-dimension",
      "sagemaker:inference-component:DesiredCopyCount",
    ];
    expect(
      await cli([
        "application-autoscaling",
        "register-scalable-target",
        ...target,
        "--min-capacity",
        "1",
        "--max-capacity",
        "3",
      ]),
    ).toMatchObject({ ok: true });
    const policy = await cli([
      "application-autoscaling",
      "put-scaling-policy",
      ...target,
      "--policy-name",
      "ic-busy-per-copy",
      "--policy-type",
      "TargetTrackingScaling",
      "--target-tracking-scaling-policy-configuration",
      JSON.stringify({
        PredefinedMetricSpecification: {
          PredefinedMetricType: "SageMakerInferenceComponentInvocationsPerCopy",
        },
        TargetValue: 5,
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
      }),
    ]);
    expect(policy).toMatchObject({ ok: true, output: { Alarms: [{}, {}] } });
    const { ScalableTargets = [] } = await autoscaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", ResourceIds: [RESOURCE_ID] }),
    );
    expect(ScalableTargets).toMatchObject([
      { ScalableDimension: "sagemaker:inference-component:DesiredCopyCount", MinCapacity: 1, MaxCapacity: 3 },
    ]);

    // The load: far above 5 invocations per copy per (100 ms) minute, one request after another.
    let sent = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        await runtime.send(
          new InvokeEndpointCommand({
            EndpointName: "busy",
            InferenceComponentName: "ic-busy",
            ContentType: "application/json",
            Body: JSON.stringify(ADD_SUB_REQUEST),
          }),
        );
        sent++;
      }
    })();
    try {
      await vi.waitFor(async () => expect(await copies()).toBe(3), { timeout: 30_000, interval: 50 });
    } finally {
      loading = false;
      await load;
    }
    await vi.waitFor(async () => expect(await copies()).toBe(1), { timeout: 30_000, interval: 50 });

    // The activity ends once the control plane settled the change (a scale-in: just after the copies went).
    const history = await vi.waitFor(
      async () => {
        const { ScalingActivities = [] } = await autoscaling.send(
          new DescribeScalingActivitiesCommand({ ServiceNamespace: "sagemaker", ResourceId: RESOURCE_ID }),
        );
        expect(ScalingActivities[0]?.StatusCode).toBe("Successful");
        return [...ScalingActivities].reverse();
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(
      history.every((a) => a.ScalableDimension === "sagemaker:inference-component:DesiredCopyCount"),
    ).toBe(true);
    const outs = history.filter((a) => /AlarmHigh/.test(a.Cause ?? ""));
    expect(outs.at(-1)).toMatchObject({
      Description: "Setting desired copy count to 3.",
      StatusCode: "Successful",
    });
    expect(history.at(-1)).toMatchObject({
      Description: "Setting desired copy count to 1.",
      StatusCode: "Successful",
    });
    expect(history.at(-1)?.Cause).toMatch(
      /AlarmLow.* triggered policy ic-busy-per-copy changing the desired capacity from 3 to 1\.$/,
    );

    // What the load published: every invocation, and InvocationsPerCopy spread over the copies then.
    const now = Date.now();
    const stat = (name: string) => ({
      Id: name.toLowerCase(),
      MetricStat: {
        Metric: {
          Namespace: "AWS/SageMaker",
          MetricName: name,
          Dimensions: [{ Name: "InferenceComponentName", Value: "ic-busy" }],
        },
        Period: 60,
        Stat: "Sum",
      },
    });
    const { MetricDataResults = [] } = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 600_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: [stat("Invocations"), stat("InvocationsPerCopy"), stat("Invocation5XXErrors")],
      }),
    );
    const total = (id: string) =>
      MetricDataResults.find((r) => r.Id === id)?.Values?.reduce((sum, v) => sum + v, 0) ?? Number.NaN;
    expect(total("invocations")).toBe(sent);
    expect(total("invocationspercopy")).toBeLessThan(sent);
    expect(total("invocationspercopy")).toBeGreaterThanOrEqual(sent / 3);
    expect(total("invocation5xxerrors")).toBe(0);
    // …and the same count on GET /metrics.
    const scraped = await scrapeMetrics(emulator.url);
    expect(sampleValue(scraped, "mme_component_Invocations", { InferenceComponentName: "ic-busy" })).toBe(
      sent,
    );
  });
});
