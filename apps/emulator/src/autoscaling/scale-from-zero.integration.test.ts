// Scale from zero on a real emulator process, as AWS documents it, each step through a real client: the
// SDK v3 makes an IC endpoint and a component at 0 copies; boto3 registers the component as a scalable
// target (MinCapacity 0) with a step policy; the AWS CLI v1 puts the NoCapacityInvocationFailures alarm
// naming the policy; an InvokeEndpoint refused for want of copies fires the alarm on the compressed
// clock, the policy sets DesiredCopyCount 1 and the component comes back InService with one copy. The
// alarm, target and policy survive a restart; --reset clears them. Errors by name through each client.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingActivitiesCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  DescribeAlarmsForMetricCommand,
  GetMetricStatisticsCommand,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { SageMakerClient, UpdateInferenceComponentRuntimeConfigCommand } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awsEnv } from "../test-support/aws-python-clients.js";
import { awsCli, botocoreDataPathFor, python } from "../test-support/cloudwatch-python-clients.js";
import { uploadComponentModels } from "../test-support/component-models.js";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { createComponentEndpoint, waitForCopies } from "../test-support/inference-component-setup.js";
import { errorOf } from "../test-support/sdk-error.js";

const CREDENTIALS = { accessKeyId: "any", secretAccessKey: "any" };
const TARGET = {
  ServiceNamespace: "sagemaker" as const,
  ResourceId: "inference-component/ic-zero",
  ScalableDimension: "sagemaker:inference-component:DesiredCopyCount" as const,
};
const ALARM = "ic-zero-scale-from-zero";

let workDir: string;
let emulator: EmulatorProcess;
let sagemaker: SageMakerClient;
let autoscaling: ApplicationAutoScalingClient;
let cloudwatch: CloudWatchClient;

async function start(extra: string[] = []): Promise<void> {
  emulator = await startEmulatorProcess([
    ...extra,
    "--data-dir",
    join(workDir, "data"),
    "--no-seed",
    "--no-default-endpoint",
    "--create-delay-ms",
    "200",
    // An emulated minute lasts 100 ms: alarm periods, cooldowns and target tracking alike.
    "--autoscaling-time-scale",
    "600",
  ]);
  for (const client of [sagemaker, autoscaling, cloudwatch]) client?.destroy();
  const config = { endpoint: emulator.url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 };
  sagemaker = new SageMakerClient(config);
  autoscaling = new ApplicationAutoScalingClient(config);
  cloudwatch = new CloudWatchClient(config);
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-scale-from-zero-"));
  await start();
});

afterAll(async () => {
  for (const client of [sagemaker, autoscaling, cloudwatch]) client?.destroy();
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** An InService IC endpoint whose one component, ic-zero, has been scaled in to 0 copies. */
async function componentAtZero(): Promise<void> {
  const { add } = await uploadComponentModels(emulator.s3Url, "zero");
  await createComponentEndpoint(sagemaker, { endpoint: "zero", component: "ic-zero", modelDataUrl: add });
  await sagemaker.send(
    new UpdateInferenceComponentRuntimeConfigCommand({
      InferenceComponentName: "ic-zero",
      DesiredRuntimeConfig: { CopyCount: 0 },
    }),
  );
  await waitForCopies(sagemaker, "ic-zero", 0);
}

const BOTO3_STEP_POLICY = `
import json, sys, boto3
url = sys.argv[1]
aas = boto3.client("application-autoscaling", endpoint_url=url)
target = dict(ServiceNamespace="sagemaker", ResourceId="inference-component/ic-zero",
              ScalableDimension="sagemaker:inference-component:DesiredCopyCount")
aas.register_scalable_target(MinCapacity=0, MaxCapacity=2, **target)
policy = aas.put_scaling_policy(PolicyName="ic-zero-step", PolicyType="StepScaling",
    StepScalingPolicyConfiguration={"AdjustmentType": "ChangeInCapacity", "MetricAggregationType": "Maximum",
        "Cooldown": 60, "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]}, **target)
errors = {}
try:
    aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId="inference-component/nope",
        ScalableDimension="sagemaker:inference-component:DesiredCopyCount", MinCapacity=0, MaxCapacity=1)
except aas.exceptions.ValidationException as e:
    errors["unknownComponent"] = e.response["Error"]["Code"]
print(json.dumps({"policyArn": policy["PolicyARN"], "alarms": policy["Alarms"], "errors": errors}))
`;

const BOTO3_DESCRIBE_ALARMS = `
import json, sys, boto3
cw = boto3.client("cloudwatch", endpoint_url=sys.argv[1])
alarms = cw.describe_alarms(AlarmNamePrefix=sys.argv[2])["MetricAlarms"]
print(json.dumps([{k: a[k] for k in ("AlarmName", "AlarmActions", "MetricName", "Dimensions", "Threshold", "StateValue")} for a in alarms]))
`;

describe("scale from zero: a NoCapacityInvocationFailures alarm runs a step policy", () => {
  let policyArn = "";

  it("brings a component at 0 copies back to 1 after a request it could not serve", async () => {
    await componentAtZero();
    const boto3 = await python<{ policyArn: string; alarms: unknown[]; errors: Record<string, string> }>(
      BOTO3_STEP_POLICY,
      [emulator.url],
    );
    policyArn = boto3.policyArn;
    expect(policyArn).toMatch(
      /^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]+:resource\/sagemaker\/inference-component\/ic-zero:policyName\/ic-zero-step$/,
    );
    expect(boto3.alarms).toEqual([]);
    expect(boto3.errors).toEqual({ unknownComponent: "ValidationException" });

    const put = await awsCli([
      "cloudwatch",
      "put-metric-alarm",
      "--endpoint-url",
      emulator.url,
      "--alarm-name",
      ALARM,
      "--alarm-actions",
      policyArn,
      "--comparison-operator",
      "GreaterThanOrEqualToThreshold",
      "--evaluation-periods",
      "1",
      "--namespace",
      "AWS/SageMaker",
      "--metric-name",
      "NoCapacityInvocationFailures",
      "--dimensions",
      "Name=InferenceComponentName,Value=ic-zero",
      "--period",
      "60",
      "--statistic",
      "Sum",
      "--threshold",
      "1",
    ]);
    expect(put).toEqual({ ok: true, output: {} });
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }));
    expect(MetricAlarms).toMatchObject([
      {
        AlarmName: ALARM,
        AlarmArn: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${ALARM}`,
        AlarmActions: [policyArn],
        Namespace: "AWS/SageMaker",
        MetricName: "NoCapacityInvocationFailures",
        Dimensions: [{ Name: "InferenceComponentName", Value: "ic-zero" }],
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        ActionsEnabled: true,
      },
    ]);

    const runtime = new SageMakerRuntimeClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const refused = await errorOf(
        runtime.send(
          new InvokeEndpointCommand({
            EndpointName: "zero",
            InferenceComponentName: "ic-zero",
            ContentType: "application/json",
            Body: new TextEncoder().encode("{}"),
          }),
        ),
      );
      expect(refused).toMatchObject({ name: "ValidationError", status: 400 });
    } finally {
      runtime.destroy();
    }

    await waitForCopies(sagemaker, "ic-zero", 1);
    const activity = await vi.waitFor(
      async () => {
        const { ScalingActivities = [] } = await autoscaling.send(
          new DescribeScalingActivitiesCommand({
            ServiceNamespace: "sagemaker",
            ResourceId: TARGET.ResourceId,
          }),
        );
        expect(ScalingActivities[0]?.StatusCode).toBe("Successful");
        return ScalingActivities[0]!;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(activity).toMatchObject({
      ScalableDimension: TARGET.ScalableDimension,
      Description: "Setting desired copy count to 1.",
      StatusMessage: "Successfully set desired copy count to 1. Change successfully fulfilled by sagemaker.",
    });
    expect(activity.Cause).toMatch(
      new RegExp(
        `monitor alarm ${ALARM} in state ALARM triggered policy ic-zero-step changing the desired capacity from 0 to 1\\.$`,
      ),
    );

    const now = Date.now();
    const failures = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: "AWS/SageMaker",
        MetricName: "NoCapacityInvocationFailures",
        Dimensions: [{ Name: "InferenceComponentName", Value: "ic-zero" }],
        StartTime: new Date(now - 600_000),
        EndTime: new Date(now + 60_000),
        Period: 60,
        Statistics: ["Sum"],
      }),
    );
    expect(failures.Datapoints?.reduce((sum, d) => sum + (d.Sum ?? 0), 0)).toBe(1);
    const forMetric = await cloudwatch.send(
      new DescribeAlarmsForMetricCommand({
        Namespace: "AWS/SageMaker",
        MetricName: "NoCapacityInvocationFailures",
        Dimensions: [{ Name: "InferenceComponentName", Value: "ic-zero" }],
      }),
    );
    expect(forMetric.MetricAlarms?.map((a) => a.AlarmName)).toEqual([ALARM]);
  });

  it("reads the alarm back through boto3 in each CloudWatch protocol", async () => {
    const cbor = await python<{ AlarmName: string; AlarmActions: string[] }[]>(BOTO3_DESCRIBE_ALARMS, [
      emulator.url,
      "ic-zero",
    ]);
    expect(cbor).toMatchObject([{ AlarmName: ALARM, AlarmActions: [policyArn], Threshold: 1 }]);
    for (const protocol of ["json", "query"] as const) {
      const env = { ...awsEnv(), AWS_DATA_PATH: await botocoreDataPathFor(workDir, protocol) };
      const read = await python<unknown[]>(BOTO3_DESCRIBE_ALARMS, [emulator.url, "ic-zero"], env);
      expect(read, protocol).toEqual(cbor.map((a) => ({ ...a, StateValue: expect.any(String) })));
    }
  });

  it("answers bad alarm and policy requests with CloudWatch's and Auto Scaling's errors", async () => {
    expect(
      await errorOf(
        cloudwatch.send(
          new PutMetricAlarmCommand({
            AlarmName: "bad-period",
            Namespace: "AWS/SageMaker",
            MetricName: "Invocations",
            Statistic: "Sum",
            Period: 45,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: "GreaterThanThreshold",
          }),
        ),
      ),
    ).toMatchObject({ name: "InvalidParameterValueException", status: 400 });
    expect(await errorOf(cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: ["nope"] })))).toMatchObject({
      name: "ResourceNotFound",
      status: 404,
    });
    expect(
      await errorOf(
        cloudwatch.send(
          new SetAlarmStateCommand({
            AlarmName: ALARM,
            StateValue: "OK",
            StateReason: "x",
            StateReasonData: "{",
          }),
        ),
      ),
    ).toMatchObject({ name: "InvalidFormatFault", status: 400 });
    const cli = await awsCli([
      "cloudwatch",
      "delete-alarms",
      "--endpoint-url",
      emulator.url,
      "--alarm-names",
      "nope",
    ]);
    expect(cli.ok).toBe(false);
    expect(cli.ok ? "" : cli.stderr).toMatch(/\(ResourceNotFound\)/);
    expect(
      await errorOf(
        autoscaling.send(
          new PutScalingPolicyCommand({
            ...TARGET,
            PolicyName: "wrong-metric",
            PolicyType: "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: 5,
              PredefinedMetricSpecification: {
                PredefinedMetricType: "SageMakerVariantInvocationsPerInstance",
              },
            },
          }),
        ),
      ),
    ).toMatchObject({ name: "ValidationException", status: 400 });
    // Nothing half-made: the alarm is unchanged and no policy was added.
    const { ScalingPolicies = [] } = await autoscaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: TARGET.ResourceId }),
    );
    expect(ScalingPolicies.map((p) => p.PolicyName)).toEqual(["ic-zero-step"]);
  });

  it("keeps the alarm, target and step policy across a restart; --reset clears them", async () => {
    await emulator.stop();
    await start();
    const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }));
    expect(MetricAlarms.map((a) => [a.AlarmName, a.AlarmActions])).toEqual([[ALARM, [policyArn]]]);
    const { ScalableTargets = [] } = await autoscaling.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: "sagemaker",
        ScalableDimension: TARGET.ScalableDimension,
      }),
    );
    expect(ScalableTargets).toMatchObject([
      { ResourceId: TARGET.ResourceId, MinCapacity: 0, MaxCapacity: 2 },
    ]);
    const { ScalingPolicies = [] } = await autoscaling.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: TARGET.ResourceId }),
    );
    expect(ScalingPolicies).toMatchObject([
      {
        PolicyARN: policyArn,
        PolicyType: "StepScaling",
        Alarms: [{ AlarmName: ALARM, AlarmARN: `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${ALARM}` }],
        StepScalingPolicyConfiguration: {
          AdjustmentType: "ChangeInCapacity",
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      },
    ]);

    await emulator.stop();
    await start(["--reset"]);
    expect((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  });
});
