import { getEventListeners } from "node:events";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { metricsTable } from "@mme/cli/test-support";
import { type EndpointMetrics, followEndpointLogs, LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalEmulator, startLocalEmulator } from "../test-support/local-emulator.js";

const reading = (m: EndpointMetrics, id: string) => m.metrics.find((r) => r.id === id)!;

describe("against the emulator (--local)", () => {
  let local: LocalEmulator;
  const logsClient = () =>
    new CloudWatchLogsClient({
      endpoint: local.emulator.url,
      region: "us-east-1",
      credentials: LOCAL_PROFILE.credentials,
    });
  beforeAll(async () => {
    local = await startLocalEmulator();
    for (let i = 0; i < 3; i++) expect((await local.mme(["call-model", "add_sub_v0.tar.gz"])).code).toBe(0);
    expect((await local.mme(["call-model", "missing_v0.tar.gz"])).code).toBe(1);
    await local.emulator.view.sample();
  }, 180_000);
  afterAll(async () => {
    await local?.stop();
  });

  it("mme metrics --json reports the traffic: counts, hit ratio, loads, loaded models", async () => {
    const run = await local.mme(["metrics", "--json", "--since", "30m"]);
    expect(run.code).toBe(0);
    const metrics = JSON.parse(run.stdout) as EndpointMetrics;
    expect(metrics).toMatchObject({
      endpointName: LOCAL_PROFILE.endpointName,
      variantName: "AllTraffic",
      periodSeconds: 60,
    });
    expect(reading(metrics, "invocations").value).toBe(4);
    expect(reading(metrics, "errors4xx").value).toBe(1);
    expect(reading(metrics, "errors5xx").value).toBe(0);
    expect(reading(metrics, "cacheHitRatio").value).toBeCloseTo(2 / 3, 12);
    expect(reading(metrics, "loads").value).toBe(1);
    expect(reading(metrics, "unloads").value).toBeNull();
    expect(reading(metrics, "loadedModels").value).toBe(1);
    const p50 = reading(metrics, "modelLatencyP50").value!;
    expect(p50).toBeGreaterThan(0);
    expect(reading(metrics, "modelLatencyP99").value).toBeGreaterThanOrEqual(p50);
    const series = reading(metrics, "invocations").series;
    expect(series).toHaveLength(30);
    expect(series.reduce((sum, p) => sum + (p.value ?? 0), 0)).toBe(4);
  });

  it("mme metrics prints a table, with a sparkline per metric on a terminal", async () => {
    const run = await local.mme(["metrics"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^invocations\s+4$/m);
    expect(run.stdout).toMatch(/^cache hit ratio\s+66\.7 %$/m);
    const json = JSON.parse(
      (await local.mme(["metrics", "--json", "--since", "5m"])).stdout,
    ) as EndpointMetrics;
    const table = metricsTable(json, 80);
    expect(table).toMatch(/^invocations\s+4\s+[ ▁▂▃▄▅▆▇█]{5}$/m);
    expect(table).toContain("█");
  });

  it("mme metrics refuses a bad --since or --period in one line", async () => {
    const bad = await local.mme(["metrics", "--period", "90"]);
    expect(bad).toMatchObject({
      code: 2,
      stderr: "UsageError: --period must be a multiple of 60 seconds (got 90)\n",
    });
    expect((await local.mme(["metrics", "--since", "soon"])).code).toBe(2);
  });

  it("mme logs shows the model's lines and the failed invocation; --filter narrows them", async () => {
    const run = await local.mme(["logs", "--json"]);
    expect(run.code).toBe(0);
    const events = JSON.parse(run.stdout) as { message: string; stream: string }[];
    expect(events.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[INFO\] Model add_sub_v0\.tar\.gz loaded in/),
        expect.stringMatching(
          /^\[WARN\] Invocation of model missing_v0\.tar\.gz failed .*ValidationError 400/,
        ),
      ]),
    );
    expect(new Set(events.map((e) => e.stream)).size).toBe(1);
    const filtered = await local.mme(["logs", "--filter", "loaded in"]);
    expect(filtered.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/AllTraffic\/i-[0-9a-f]{17}\s+\[INFO\] Model add_sub_v0\.tar\.gz loaded in/),
    ]);
  });

  it("follows the log group: new events arrive in later batches until aborted", async () => {
    const stop = new AbortController();
    const client = logsClient();
    const batches = followEndpointLogs(
      client,
      {
        endpointName: LOCAL_PROFILE.endpointName,
        startTime: Date.now() - 600_000,
        filter: "Invocation of model",
      },
      stop.signal,
      100,
    );
    const first = await batches.next();
    expect((first.value as { message: string }[]).map((e) => e.message)).toEqual([
      expect.stringContaining("missing_v0.tar.gz"),
    ]);
    await local.mme(["call-model", "other_missing_v0.tar.gz"]);
    const second = await batches.next();
    expect((second.value as { message: string }[]).map((e) => e.message)).toEqual([
      expect.stringContaining("other_missing_v0.tar.gz"),
    ]);
    stop.abort();
    expect((await batches.next()).done).toBe(true);
    client.destroy();
  });

  it("keeps one abort listener however long it follows (no MaxListenersExceededWarning)", async () => {
    const stop = new AbortController();
    const client = logsClient();
    let polls = 0;
    client.middlewareStack.add(
      (next) => (args) => {
        polls++;
        return next(args);
      },
      { step: "initialize" },
    );
    const query = { endpointName: LOCAL_PROFILE.endpointName, startTime: Date.now(), filter: "no such line" };
    const following = followEndpointLogs(client, query, stop.signal, 1).next();
    await vi.waitFor(() => expect(polls).toBeGreaterThan(15), { timeout: 30_000 });
    expect(getEventListeners(stop.signal, "abort").length).toBeLessThanOrEqual(1);
    stop.abort();
    expect((await following).done).toBe(true);
    client.destroy();
  });
});
