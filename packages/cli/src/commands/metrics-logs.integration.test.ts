// `mme metrics` and `mme logs` against moto's CloudWatch (a real AWS peer); the emulator side is in
// apps/emulator/src/cli-e2e/metrics-logs.integration.test.ts. The figures are the traffic that was sent.
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import type { EndpointMetrics } from "@mme/core";
import { type MotoServer, startMotoServer } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMme } from "../test-support/run-mme.js";

const reading = (m: EndpointMetrics, id: string) => m.metrics.find((r) => r.id === id)!;

describe("against moto's CloudWatch", () => {
  let moto: MotoServer;
  const env = () => ({
    MME_ENDPOINT_URL: moto.url,
    MME_REGION: "us-east-1",
    MME_ENDPOINT_NAME: "moto-mme",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  });
  beforeAll(async () => {
    moto = await startMotoServer();
    const config = {
      endpoint: moto.url,
      region: "us-east-1",
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    };
    const cloudwatch = new CloudWatchClient(config);
    const Dimensions = [
      { Name: "EndpointName", Value: "moto-mme" },
      { Name: "VariantName", Value: "blue" },
    ];
    const Timestamp = new Date(Date.now() - 120_000);
    const put = (
      MetricName: string,
      Values: number[],
      Unit: "Count" | "Microseconds" | "None",
      Namespace = "AWS/SageMaker",
    ) =>
      cloudwatch.send(
        new PutMetricDataCommand({
          Namespace,
          MetricData: Values.map((Value) => ({ MetricName, Dimensions, Timestamp, Value, Unit })),
        }),
      );
    await put("Invocations", [1, 1, 1, 1, 1], "Count");
    await put("Invocation4XXErrors", [0, 0, 0, 0, 1], "Count");
    await put("ModelCacheHit", [0, 1, 1, 1], "None");
    await put("ModelLoadingTime", [250_000], "Microseconds");
    await put("LoadedModelCount", [1, 2], "None", "/aws/sagemaker/Endpoints");
    cloudwatch.destroy();
    const logs = new CloudWatchLogsClient(config);
    const logGroupName = "/aws/sagemaker/Endpoints/moto-mme";
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const now = Date.now();
    for (const [stream, offset, message] of [
      ["blue/i-0b", 2, "second: model loaded"],
      ["blue/i-0a", 1, "first: model downloaded"],
      ["blue/i-0a", 3, "third: model loaded again"],
    ] as const) {
      await logs
        .send(new CreateLogStreamCommand({ logGroupName, logStreamName: stream }))
        .catch(() => undefined);
      await logs.send(
        new PutLogEventsCommand({
          logGroupName,
          logStreamName: stream,
          logEvents: [{ timestamp: now - 10_000 + offset, message }],
        }),
      );
    }
    logs.destroy();
  }, 90_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it("mme metrics reads what was published, finding the variant through ListMetrics", async () => {
    const run = await runMme(["metrics", "--json", "--since", "10m"], { env: env() });
    expect(run.stderr).toBe("");
    const metrics = JSON.parse(run.stdout) as EndpointMetrics;
    expect(metrics.variantName).toBe("blue");
    expect(reading(metrics, "invocations").value).toBe(5);
    expect(reading(metrics, "errors4xx").value).toBe(1);
    expect(reading(metrics, "cacheHitRatio").value).toBe(0.75);
    expect(reading(metrics, "loads").value).toBe(1);
    expect(reading(metrics, "loadedModels").value).toBe(2);
  });

  it("mme logs merges the instance streams in time order, and filters", async () => {
    const run = await runMme(["logs", "--json"], { env: env() });
    expect(run.code).toBe(0);
    const events = JSON.parse(run.stdout) as { stream: string; message: string }[];
    expect(events.map((e) => [e.stream, e.message])).toEqual([
      ["blue/i-0a", "first: model downloaded"],
      ["blue/i-0b", "second: model loaded"],
      ["blue/i-0a", "third: model loaded again"],
    ]);
    const filtered = await runMme(["logs", "--json", "--filter", "model loaded"], { env: env() });
    expect((JSON.parse(filtered.stdout) as unknown[]).length).toBe(2);
  });
});
