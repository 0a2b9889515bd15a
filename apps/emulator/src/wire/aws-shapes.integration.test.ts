// The request and response shapes the emulator serves, against botocore's service models: the zod
// schemas may only name members AWS has, and each served operation, driven on a real emulator, must
// answer a body whose every member exists in the operation's output shape with its type and whose
// required members are all there. The inputs sent are checked against the model too, so they are real.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import * as autoscalingShapes from "../autoscaling/shapes.js";
import * as sageMakerShapes from "../control-plane/shapes.js";
import { readServiceShapes, type ServiceShapes, shapeProblems } from "../test-support/botocore-shapes.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const sagemaker = readServiceShapes("sagemaker");
const autoscaling = readServiceShapes("application-autoscaling");
const logs = readServiceShapes("logs");
const cloudwatch = readServiceShapes("cloudwatch");

/** The emulator's zod schema → the botocore shape it parses (one schema may serve several operations). */
const SCHEMAS: [ServiceShapes, string, z.ZodObject][] = [
  [sagemaker, "ContainerDefinition", sageMakerShapes.ContainerDefinition],
  [sagemaker, "CreateModelInput", sageMakerShapes.CreateModelInput],
  [sagemaker, "ProductionVariant", sageMakerShapes.ProductionVariant],
  [sagemaker, "AsyncInferenceConfig", sageMakerShapes.AsyncInferenceConfig],
  [sagemaker, "CreateEndpointConfigInput", sageMakerShapes.CreateEndpointConfigInput],
  [sagemaker, "CreateEndpointInput", sageMakerShapes.CreateEndpointInput],
  [sagemaker, "UpdateEndpointInput", sageMakerShapes.UpdateEndpointInput],
  [sagemaker, "DesiredWeightAndCapacity", sageMakerShapes.DesiredWeightAndCapacity],
  [
    sagemaker,
    "UpdateEndpointWeightsAndCapacitiesInput",
    sageMakerShapes.UpdateEndpointWeightsAndCapacitiesInput,
  ],
  [sagemaker, "DescribeModelInput", sageMakerShapes.ModelNameInput],
  [sagemaker, "DescribeEndpointInput", sageMakerShapes.EndpointNameInput],
  [sagemaker, "DescribeEndpointConfigInput", sageMakerShapes.EndpointConfigNameInput],
  [sagemaker, "ListEndpointsInput", sageMakerShapes.ListInput],
  [autoscaling, "RegisterScalableTargetRequest", autoscalingShapes.RegisterScalableTargetInput],
  [autoscaling, "DeregisterScalableTargetRequest", autoscalingShapes.TargetInput],
  [
    autoscaling,
    "DescribeScalableTargetsRequest|DescribeScalingPoliciesRequest|DescribeScalingActivitiesRequest",
    autoscalingShapes.DescribeInput,
  ],
  [autoscaling, "TargetTrackingScalingPolicyConfiguration", autoscalingShapes.TargetTrackingConfiguration],
  [autoscaling, "PutScalingPolicyRequest", autoscalingShapes.PutScalingPolicyInput],
  [autoscaling, "DeleteScalingPolicyRequest", autoscalingShapes.DeleteScalingPolicyInput],
];

describe("the emulator's input schemas", () => {
  it.each(SCHEMAS.map(([model, name, schema]) => [name, model, schema] as const))(
    "%s names only members botocore's shape has",
    (name, model, schema) => {
      const members = name.split("|").flatMap((shape) => Object.keys(model.shapes[shape]?.members ?? {}));
      expect(members.length).toBeGreaterThan(0);
      for (const key of Object.keys(schema.shape)) expect(members).toContain(key);
    },
  );
});

const ENDPOINT = "shapes";
const RESOURCE_ID = `endpoint/${ENDPOINT}/variant/AllTraffic`;
const TARGET = {
  ServiceNamespace: "sagemaker",
  ResourceId: RESOURCE_ID,
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
};

interface Service {
  model: ServiceShapes;
  prefix: string;
  contentType: string;
}
const SAGEMAKER: Service = {
  model: sagemaker,
  prefix: "SageMaker",
  contentType: "application/x-amz-json-1.1",
};
const AUTOSCALING: Service = {
  model: autoscaling,
  prefix: "AnyScaleFrontendService",
  contentType: "application/x-amz-json-1.1",
};
const LOGS: Service = { model: logs, prefix: "Logs_20140328", contentType: "application/x-amz-json-1.1" };
const CLOUDWATCH: Service = {
  model: cloudwatch,
  prefix: "GraniteServiceVersion20100801",
  contentType: "application/x-amz-json-1.0",
};

let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator({ createDelayMs: 0 });
});

afterAll(async () => {
  await emulator?.stop();
});

/** One awsJson call, its input checked against the model first; answers the parsed 200 body. */
async function call(service: Service, operation: string, input: Record<string, unknown>) {
  const shapes = service.model.operations[operation];
  expect(shapes, `${service.prefix}.${operation} is not an AWS operation`).toBeDefined();
  if (shapes?.input) expect(shapeProblems(service.model, shapes.input.shape, input)).toEqual([]);
  const response = await fetch(`${emulator.url}/`, {
    method: "POST",
    headers: { "content-type": service.contentType, "x-amz-target": `${service.prefix}.${operation}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** The call's output fits the operation's output shape (an operation without one answers `{}`). */
async function expectFits(service: Service, operation: string, input: Record<string, unknown>) {
  const output = await call(service, operation, input);
  const shape = service.model.operations[operation]?.output?.shape;
  if (shape) expect(shapeProblems(service.model, shape, output)).toEqual([]);
  else expect(output).toEqual({});
  return output;
}

describe("the operations the emulator serves answer botocore's output shapes", () => {
  it("SageMaker's control plane, from CreateModel to DeleteModel", async () => {
    await expectFits(SAGEMAKER, "CreateModel", {
      ModelName: `${ENDPOINT}-model`,
      PrimaryContainer: {
        Image: "mme-emulator",
        Mode: "MultiModel",
        ModelDataUrl: "s3://mme-models/shapes/",
        MultiModelConfig: { ModelCacheSetting: "Enabled" },
      },
      ExecutionRoleArn: "arn:aws:iam::123456789012:role/mme",
    });
    await expectFits(SAGEMAKER, "DescribeModel", { ModelName: `${ENDPOINT}-model` });
    await expectFits(SAGEMAKER, "ListModels", {});
    await expectFits(SAGEMAKER, "CreateEndpointConfig", {
      EndpointConfigName: `${ENDPOINT}-config`,
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: `${ENDPOINT}-model`,
          InitialInstanceCount: 1,
          InstanceType: "ml.m5.large",
          InitialVariantWeight: 1,
        },
      ],
    });
    await expectFits(SAGEMAKER, "DescribeEndpointConfig", { EndpointConfigName: `${ENDPOINT}-config` });
    await expectFits(SAGEMAKER, "ListEndpointConfigs", {});
    await expectFits(SAGEMAKER, "CreateEndpoint", {
      EndpointName: ENDPOINT,
      EndpointConfigName: `${ENDPOINT}-config`,
    });
    await vi.waitFor(async () => {
      const described = await expectFits(SAGEMAKER, "DescribeEndpoint", { EndpointName: ENDPOINT });
      expect(described.EndpointStatus).toBe("InService");
    });
    await expectFits(SAGEMAKER, "ListEndpoints", {});
  });

  it("Application Auto Scaling on the endpoint's variant", async () => {
    await expectFits(AUTOSCALING, "RegisterScalableTarget", { ...TARGET, MinCapacity: 1, MaxCapacity: 3 });
    await expectFits(AUTOSCALING, "DescribeScalableTargets", { ServiceNamespace: "sagemaker" });
    await expectFits(AUTOSCALING, "PutScalingPolicy", {
      ...TARGET,
      PolicyName: "invocations",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      },
    });
    await expectFits(AUTOSCALING, "PutScalingPolicy", {
      ...TARGET,
      PolicyName: "step",
      PolicyType: "StepScaling",
      StepScalingPolicyConfiguration: {
        AdjustmentType: "ChangeInCapacity",
        MetricAggregationType: "Maximum",
        Cooldown: 60,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    });
    await expectFits(AUTOSCALING, "DescribeScalingPolicies", { ServiceNamespace: "sagemaker" });
    await expectFits(AUTOSCALING, "DescribeScalingActivities", { ServiceNamespace: "sagemaker" });
    await expectFits(AUTOSCALING, "DeleteScalingPolicy", { ...TARGET, PolicyName: "invocations" });
    await expectFits(AUTOSCALING, "DeleteScalingPolicy", { ...TARGET, PolicyName: "step" });
    await expectFits(AUTOSCALING, "DeregisterScalableTarget", TARGET);
  });

  it("CloudWatch alarms (JSON 1.0)", async () => {
    const alarm = {
      AlarmName: `${ENDPOINT}-invocations`,
      Namespace: "AWS/SageMaker",
      MetricName: "Invocations",
      Dimensions: [
        { Name: "EndpointName", Value: ENDPOINT },
        { Name: "VariantName", Value: "AllTraffic" },
      ],
      Statistic: "Sum",
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 100,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
    };
    await expectFits(CLOUDWATCH, "PutMetricAlarm", alarm);
    await expectFits(CLOUDWATCH, "DescribeAlarms", { AlarmNamePrefix: ENDPOINT });
    await expectFits(CLOUDWATCH, "DescribeAlarmsForMetric", {
      Namespace: alarm.Namespace,
      MetricName: alarm.MetricName,
      Dimensions: alarm.Dimensions,
    });
    await expectFits(CLOUDWATCH, "SetAlarmState", {
      AlarmName: alarm.AlarmName,
      StateValue: "ALARM",
      StateReason: "testing",
    });
    const described = await expectFits(CLOUDWATCH, "DescribeAlarms", { StateValue: "ALARM" });
    expect((described.MetricAlarms as { AlarmName: string }[]).map((a) => a.AlarmName)).toEqual([
      alarm.AlarmName,
    ]);
    await expectFits(CLOUDWATCH, "DeleteAlarms", { AlarmNames: [alarm.AlarmName] });
  });

  it("CloudWatch (JSON 1.0) and CloudWatch Logs over the endpoint", async () => {
    const now = Math.floor(Date.now() / 1000);
    const dimensions = [
      { Name: "EndpointName", Value: ENDPOINT },
      { Name: "VariantName", Value: "AllTraffic" },
    ];
    await expectFits(CLOUDWATCH, "ListMetrics", { Namespace: "AWS/SageMaker" });
    await expectFits(CLOUDWATCH, "GetMetricStatistics", {
      Namespace: "AWS/SageMaker",
      MetricName: "Invocations",
      Dimensions: dimensions,
      StartTime: now - 3600,
      EndTime: now,
      Period: 60,
      Statistics: ["Sum"],
    });
    await expectFits(CLOUDWATCH, "GetMetricData", {
      MetricDataQueries: [
        {
          Id: "invocations",
          MetricStat: {
            Metric: { Namespace: "AWS/SageMaker", MetricName: "Invocations", Dimensions: dimensions },
            Period: 60,
            Stat: "Sum",
          },
        },
      ],
      StartTime: now - 3600,
      EndTime: now,
    });
    const group = `/aws/sagemaker/Endpoints/${ENDPOINT}`;
    await expectFits(LOGS, "DescribeLogGroups", {});
    const streams = await expectFits(LOGS, "DescribeLogStreams", { logGroupName: group });
    const stream = (streams.logStreams as { logStreamName: string }[])[0]?.logStreamName;
    expect(stream).toBeDefined();
    await expectFits(LOGS, "GetLogEvents", { logGroupName: group, logStreamName: stream });
    await expectFits(LOGS, "FilterLogEvents", { logGroupName: group });
  });

  it("SageMaker's deletes", async () => {
    await expectFits(SAGEMAKER, "DeleteEndpoint", { EndpointName: ENDPOINT });
    await expectFits(SAGEMAKER, "DeleteEndpointConfig", { EndpointConfigName: `${ENDPOINT}-config` });
    await expectFits(SAGEMAKER, "DeleteModel", { ModelName: `${ENDPOINT}-model` });
  });
});
