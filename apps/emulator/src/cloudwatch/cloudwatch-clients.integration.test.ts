// Unchanged clients read the emulator's CloudWatch after known traffic: @aws-sdk/client-cloudwatch (AWS
// JSON 1.0), boto3 and the AWS CLI (Smithy RPC v2 CBOR), botocore on JSON 1.0 and on Query.
// Traffic on endpoint `rt`: add_sub_onnx cold + 4 hits, raising_v0 cold → ModelError 424, nope.tar.gz → 400.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterValueException,
  ListMetricsCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsEnv } from "../test-support/aws-python-clients.js";
import {
  awsCli,
  BOTO3_METRICS_SCRIPT,
  botocoreDataPathFor,
  python,
} from "../test-support/cloudwatch-python-clients.js";
import { type RuntimeFixture, startRuntimeFixture } from "../test-support/runtime-fixture.js";
import { TEST_CREDENTIALS } from "../test-support/test-emulator.js";

let fixture: RuntimeFixture;
let workDir: string;
let cloudwatch: CloudWatchClient;
const DIMENSIONS = [
  { Name: "EndpointName", Value: "rt" },
  { Name: "VariantName", Value: "AllTraffic" },
];
// One hour-long period around now: CloudWatch rounds StartTime down to the minute and starts its periods
// there, so a window ending just after now would split this test's traffic at a minute boundary.
const window = () => ({
  StartTime: new Date(Date.now() - 1_800_000),
  EndTime: new Date(Date.now() + 1_800_000),
});

beforeAll(async () => {
  fixture = await startRuntimeFixture();
  workDir = await mkdtemp(join(tmpdir(), "mme-cloudwatch-"));
  cloudwatch = new CloudWatchClient({
    endpoint: fixture.emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const invoke = (TargetModel: string) => fixture.invokeAddSub(TargetModel);
  for (let i = 0; i < 5; i++) await invoke("add_sub_onnx_v0.tar.gz");
  await expect(invoke("raising_v0.tar.gz")).rejects.toMatchObject({ name: "ModelError" });
  await expect(invoke("nope.tar.gz")).rejects.toMatchObject({ name: "ValidationError" });
  await fixture.emulator.view.sample();
}, 120_000);

afterAll(async () => {
  cloudwatch?.destroy();
  await fixture?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function statistics(MetricName: string, extra: Record<string, unknown>) {
  const output = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: "AWS/SageMaker",
      MetricName,
      Dimensions: DIMENSIONS,
      Period: 3600,
      ...window(),
      ...extra,
    }),
  );
  expect(output.Datapoints).toHaveLength(1);
  return output.Datapoints![0]!;
}

describe("@aws-sdk/client-cloudwatch (AWS JSON 1.0)", () => {
  it("counts what was sent: invocations, errors, cache hits", async () => {
    expect(await statistics("Invocations", { Statistics: ["Sum", "SampleCount"] })).toMatchObject({
      Sum: 7,
      SampleCount: 7,
      Unit: "None",
    });
    expect((await statistics("Invocation4XXErrors", { Statistics: ["Sum"] })).Sum).toBe(2);
    expect((await statistics("Invocation5XXErrors", { Statistics: ["Sum"] })).Sum).toBe(0);
    expect((await statistics("InvocationModelErrors", { Statistics: ["Sum"] })).Sum).toBe(1);
    const hits = await statistics("ModelCacheHit", { Statistics: ["Sum", "SampleCount", "Average"] });
    expect(hits).toMatchObject({ Sum: 4, SampleCount: 6, Unit: "None" });
    expect(hits.Average).toBeCloseTo(4 / 6, 12);
    expect((await statistics("ModelLoadingTime", { Statistics: ["SampleCount"] })).SampleCount).toBe(2);
    expect((await statistics("ModelLoadingWaitTime", { Statistics: ["SampleCount"] })).SampleCount).toBe(2);
  });

  it("answers percentiles by nearest rank, between the minimum and maximum", async () => {
    const range = await statistics("ModelLatency", { Statistics: ["Minimum", "Maximum", "SampleCount"] });
    expect(range.SampleCount).toBe(6);
    const p = (await statistics("ModelLatency", { ExtendedStatistics: ["p0", "p50", "p99.9", "p100"] }))
      .ExtendedStatistics!;
    expect(p.p0).toBe(range.Minimum);
    expect(p.p100).toBe(range.Maximum);
    expect(p["p99.9"]).toBe(range.Maximum);
    expect(p.p50).toBeGreaterThanOrEqual(range.Minimum!);
    expect(p.p50).toBeLessThanOrEqual(p["p99.9"]!);
  });

  it("serves GetMetricData newest first, one-minute points, and ListMetrics by dimension", async () => {
    const output = await cloudwatch.send(
      new GetMetricDataCommand({
        ...window(),
        MetricDataQueries: [
          {
            Id: "invocations",
            MetricStat: {
              Metric: { Namespace: "AWS/SageMaker", MetricName: "Invocations", Dimensions: DIMENSIONS },
              Period: 60,
              Stat: "Sum",
            },
          },
          {
            Id: "loaded",
            MetricStat: {
              Metric: {
                Namespace: "/aws/sagemaker/Endpoints",
                MetricName: "LoadedModelCount",
                Dimensions: DIMENSIONS,
              },
              Period: 3600,
              Stat: "Maximum",
            },
          },
        ],
      }),
    );
    const [invocations, loaded] = output.MetricDataResults!;
    expect(invocations!.StatusCode).toBe("Complete");
    expect(invocations!.Values!.reduce((a, b) => a + b, 0)).toBe(7);
    const times = invocations!.Timestamps!.map((t) => t.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const t of times) expect(t % 60_000).toBe(0);
    expect(loaded!.Values).toEqual([2]);

    const listed = await cloudwatch.send(
      new ListMetricsCommand({
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: "rt" }],
      }),
    );
    const names = listed.Metrics!.map((m) => m.MetricName);
    expect(names).toEqual(
      expect.arrayContaining(["Invocations", "ModelCacheHit", "ModelLatency", "ModelLoadingTime"]),
    );
    expect(listed.Metrics![0]!.Dimensions).toEqual(DIMENSIONS);
  });

  it("pages GetMetricData by MaxDatapoints with NextToken", async () => {
    const query = {
      ...window(),
      MaxDatapoints: 1,
      MetricDataQueries: ["Invocations", "ModelCacheHit"].map((name, i) => ({
        Id: `m${i}`,
        MetricStat: {
          Metric: { Namespace: "AWS/SageMaker", MetricName: name, Dimensions: DIMENSIONS },
          Period: 3600,
          Stat: "Sum",
        },
      })),
    };
    const first = await cloudwatch.send(new GetMetricDataCommand(query));
    expect(first.MetricDataResults!.map((r) => r.Values)).toEqual([[7], []]);
    expect(first.MetricDataResults![1]!.StatusCode).toBe("PartialData");
    const second = await cloudwatch.send(new GetMetricDataCommand({ ...query, NextToken: first.NextToken }));
    expect(second.MetricDataResults!.map((r) => r.Values)).toEqual([[], [4]]);
    expect(second.NextToken).toBeUndefined();
  });

  it("rejects bad input with CloudWatch's errors", async () => {
    const error = await cloudwatch
      .send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/SageMaker",
          MetricName: "Invocations",
          StartTime: new Date(),
          EndTime: new Date(Date.now() - 60_000),
          Period: 60,
          Statistics: ["Sum"],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect((error as Error).message).toBe("The parameter StartTime must be less than the parameter EndTime.");
    await expect(
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: "AWS/SageMaker",
          MetricName: "Invocations",
          ...window(),
          Period: 60,
          Statistics: ["Sum"],
          ExtendedStatistics: ["p99"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterCombinationException",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

interface Boto3Metrics {
  protocol: string;
  invocations: { Sum: number; SampleCount: number }[];
  errors4xx: { Sum: number }[];
  modelErrors: { Sum: number }[];
  cacheHit: { Average: number; Sum: number; SampleCount: number }[];
  latency: { ExtendedStatistics: Record<string, number> }[];
  latencyRange: { Minimum: number; Maximum: number }[];
  data: Record<string, { values: number[]; status: string }>;
  listed: string[];
  error: { code: string; status: number; message: string } | null;
}

function expectKnownTraffic(out: Boto3Metrics) {
  expect(out.invocations).toMatchObject([{ Sum: 7, SampleCount: 7 }]);
  expect(out.errors4xx).toMatchObject([{ Sum: 2 }]);
  expect(out.modelErrors).toMatchObject([{ Sum: 1 }]);
  expect(out.cacheHit).toMatchObject([{ Sum: 4, SampleCount: 6 }]);
  expect(out.cacheHit[0]!.Average).toBeCloseTo(4 / 6, 12);
  expect(out.latency[0]!.ExtendedStatistics.p0).toBe(out.latencyRange[0]!.Minimum);
  expect(out.latency[0]!.ExtendedStatistics.p100).toBe(out.latencyRange[0]!.Maximum);
  expect(out.data.hits).toMatchObject({ status: "Complete" });
  expect(out.data.hits!.values[0]).toBeCloseTo(4 / 6, 12);
  expect(out.data.loaded!.values).toEqual([2]);
  expect(out.listed).toEqual(expect.arrayContaining(["Invocations", "ModelCacheHit", "OverheadLatency"]));
  expect(out.error).toEqual({
    code: "InvalidParameterValue",
    status: 400,
    message: "The parameter StartTime must be less than the parameter EndTime.",
  });
}

describe("botocore", () => {
  it("boto3 as installed (Smithy RPC v2 CBOR) reads the same figures", async () => {
    const out = await python<Boto3Metrics>(BOTO3_METRICS_SCRIPT, [fixture.emulator.url, "rt"]);
    expect(out.protocol).toBe("smithy-rpc-v2-cbor");
    expectKnownTraffic(out);
  });

  it.each(["json", "query"] as const)("botocore speaking %s reads the same figures", async (protocol) => {
    const dataPath = await botocoreDataPathFor(workDir, protocol);
    const out = await python<Boto3Metrics>(BOTO3_METRICS_SCRIPT, [fixture.emulator.url, "rt"], {
      ...awsEnv(),
      AWS_DATA_PATH: dataPath,
    });
    expect(out.protocol).toBe(protocol);
    expectKnownTraffic(out);
  });

  it("the AWS CLI reads statistics and gets the error by name", async () => {
    const base = ["cloudwatch", "get-metric-statistics", "--endpoint-url", fixture.emulator.url];
    const args = [
      "--namespace",
      "AWS/SageMaker",
      "--metric-name",
      "Invocations",
      "--dimensions",
      "Name=EndpointName,Value=rt",
      "Name=VariantName,Value=AllTraffic",
      "--period",
      "3600",
      "--statistics",
      "Sum",
    ];
    const now = Date.now();
    const ok = await awsCli([
      ...base,
      ...args,
      "--start-time",
      new Date(now - 1_800_000).toISOString(),
      "--end-time",
      new Date(now + 1_800_000).toISOString(),
    ]);
    expect(ok).toMatchObject({
      ok: true,
      output: { Label: "Invocations", Datapoints: [{ Sum: 7, Unit: "None" }] },
    });
    const bad = await awsCli([
      ...base,
      ...args,
      "--start-time",
      new Date(now).toISOString(),
      "--end-time",
      new Date(now - 3_600_000).toISOString(),
    ]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.stderr).toContain("(InvalidParameterValue)");
  });
});
