// Unchanged clients read the endpoint's log group: @aws-sdk/client-cloudwatch-logs, boto3, the AWS CLI.
// The ModelError's LogStreamArn names a stream that holds that error and the model's traceback.
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cloudwatch-logs";
import type { ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsCli, BOTO3_LOGS_SCRIPT, python } from "../test-support/cloudwatch-python-clients.js";
import { type RuntimeFixture, startRuntimeFixture } from "../test-support/runtime-fixture.js";
import { TEST_CREDENTIALS } from "../test-support/test-emulator.js";

let fixture: RuntimeFixture;
let logs: CloudWatchLogsClient;
let modelError: ModelError;
const GROUP = "/aws/sagemaker/Endpoints/rt";

beforeAll(async () => {
  fixture = await startRuntimeFixture();
  logs = new CloudWatchLogsClient({
    endpoint: fixture.emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const invoke = (TargetModel: string) => fixture.invokeAddSub(TargetModel);
  await invoke("add_sub_onnx_v0.tar.gz");
  modelError = (await invoke("raising_v0.tar.gz").catch((e: unknown) => e)) as ModelError;
}, 120_000);

afterAll(async () => {
  logs?.destroy();
  await fixture?.close();
});

const streamOf = (arn: string) => /:log-stream:(.+)$/.exec(arn)![1]!;

describe("@aws-sdk/client-cloudwatch-logs", () => {
  it("finds the ModelError's stream and, in it, the error and the model's traceback", async () => {
    expect(modelError.name).toBe("ModelError");
    const arn = modelError.LogStreamArn!;
    expect(arn).toContain(`:log-group:${GROUP}:log-stream:AllTraffic/i-`);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
    expect(streams.logStreams!.map((s) => s.arn)).toContain(arn);
    const events = await logs.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: streamOf(arn), startFromHead: true }),
    );
    const messages = events.events!.map((e) => e.message!);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[INFO\] Model add_sub_onnx_v0\.tar\.gz downloaded from S3: \d+ bytes/),
        expect.stringMatching(/^\[INFO\] Model add_sub_onnx_v0\.tar\.gz loaded in [\d.]+ ms/),
        expect.stringContaining("ValueError: boom from the model"),
        expect.stringContaining(
          `[ERROR] Invocation of model raising_v0.tar.gz failed (request ${modelError.$metadata.requestId}): ModelError 424`,
        ),
      ]),
    );
    const traceback = messages.findIndex((m) => m.includes("Traceback (most recent call last)"));
    expect(traceback).toBeGreaterThanOrEqual(0);
  });

  it("lists the group and pages GetLogEvents with forward tokens that repeat at the end", async () => {
    const groups = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/sagemaker/Endpoints/" }),
    );
    expect(groups.logGroups!.map((g) => g.logGroupName)).toEqual(
      expect.arrayContaining([GROUP, "/aws/sagemaker/Endpoints/rt-short-wait"]),
    );
    const stream = streamOf(modelError.LogStreamArn!);
    const all = await logs.send(
      new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, startFromHead: true }),
    );
    const seen: string[] = [];
    let token: string | undefined;
    for (;;) {
      const page = await logs.send(
        new GetLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: stream,
          startFromHead: true,
          limit: 2,
          nextToken: token,
        }),
      );
      seen.push(...page.events!.map((e) => e.message!));
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
    expect(seen).toEqual(all.events!.map((e) => e.message));
  });

  it("filters with term patterns across streams, in time order", async () => {
    const errors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "ERROR" }),
    );
    expect(errors.events!.length).toBeGreaterThan(0);
    for (const e of errors.events!) expect(e.message).toContain("ERROR");
    const either = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: GROUP,
        filterPattern: '?"boom from the model" ?downloaded -raising -Invocation -"raise "',
      }),
    );
    expect(either.events!.map((e) => e.message)).toEqual([
      expect.stringMatching(/^\[INFO\] Model add_sub_onnx_v0\.tar\.gz downloaded/),
      "[INFO] ValueError: boom from the model",
    ]);
    const times = errors.events!.map((e) => e.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("answers a missing group or stream with ResourceNotFoundException", async () => {
    await expect(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: "/aws/sagemaker/Endpoints/nope" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "AllTraffic/i-nope" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "The specified log stream does not exist.",
    });
  });
});

describe("boto3 and the AWS CLI", () => {
  it("boto3 reads groups, streams, events and filtered events", async () => {
    const stream = streamOf(modelError.LogStreamArn!);
    const out = await python<{
      groups: string[];
      streams: string[];
      events: string[];
      filtered: string[];
      error: { code: string; message: string };
    }>(BOTO3_LOGS_SCRIPT, [fixture.emulator.url, GROUP, stream]);
    expect(out.groups).toContain(GROUP);
    expect(out.streams).toEqual([stream]);
    expect(out.events.some((m) => m.includes("ValueError: boom from the model"))).toBe(true);
    expect(out.filtered.every((m) => m.includes("ERROR"))).toBe(true);
    expect(out.error).toEqual({
      code: "ResourceNotFoundException",
      message: "The specified log stream does not exist.",
    });
  });

  it("aws logs filter-log-events prints the failed invocation", async () => {
    const result = await awsCli([
      "logs",
      "filter-log-events",
      "--endpoint-url",
      fixture.emulator.url,
      "--log-group-name",
      GROUP,
      "--filter-pattern",
      '"Invocation of model"',
    ]);
    expect(result.ok).toBe(true);
    const events = (result as { output: { events: { message: string; logStreamName: string }[] } }).output
      .events;
    expect(events).toEqual([
      expect.objectContaining({
        logStreamName: streamOf(modelError.LogStreamArn!),
        message: expect.stringContaining("ModelError 424"),
      }),
    ]);
  });
});
