import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PricingClient } from "@aws-sdk/client-pricing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookUpPrices } from "./pricing.js";
import { parseTrace, syntheticTrace } from "./traffic.js";

describe("syntheticTrace", () => {
  it("draws popular models more often, at about the asked rate, reproducibly", () => {
    const models = ["a", "b", "c", "d"];
    const trace = syntheticTrace({ models, rps: 50, zipfS: 1, durationSeconds: 200, seed: 3 });
    expect(trace.length).toBeGreaterThan(9000);
    expect(trace.length).toBeLessThan(11000);
    const counts = models.map((m) => trace.filter((r) => r.targetModel === m).length);
    expect(counts[0]).toBeGreaterThan(counts[1]!);
    expect(counts[1]).toBeGreaterThan(counts[3]!);
    expect(syntheticTrace({ models, rps: 50, zipfS: 1, durationSeconds: 200, seed: 3 })).toEqual(trace);
  });
});

describe("parseTrace", () => {
  it("rebases and sorts times, ISO or seconds", () => {
    const text =
      '{"time":"2026-01-01T00:00:05Z","targetModel":"b"}\n\n{"time":"2026-01-01T00:00:02Z","targetModel":"a"}\n';
    expect(parseTrace(text, "t.jsonl")).toEqual([
      { time: 0, targetModel: "a" },
      { time: 3, targetModel: "b" },
    ]);
    const log = [
      "mme emulator ready: SageMaker API http://127.0.0.1:8080",
      '{"level":30,"time":1764600000000,"msg":"mme emulator ready"}',
      '{"level":20,"time":1764600001500,"endpoint":"e","targetModel":"m1.tar.gz","msg":"routed"}',
      '{"level":20,"time":1764600000500,"endpoint":"e","targetModel":"m0.tar.gz","msg":"routed"}',
    ].join("\n");
    expect(parseTrace(log, "emulator.log")).toEqual([
      { time: 0, targetModel: "m0.tar.gz" },
      { time: 1, targetModel: "m1.tar.gz" },
    ]);
    expect(() => parseTrace('{"time":1}', "t.jsonl")).toThrow('t.jsonl:1: need {"time": seconds or ISO date');
  });
});

describe("lookUpPrices", () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  beforeAll(async () => {
    // Answers GetProducts the way the Price List API does: PriceList entries are JSON strings.
    server = createServer((req, res) => {
      req.resume();
      const product = (usagetype: string, usd: string) =>
        JSON.stringify({
          product: { attributes: { usagetype, instanceName: "ml.g5.xlarge" } },
          terms: { OnDemand: { T: { priceDimensions: { D: { pricePerUnit: { USD: usd } } } } } },
        });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      res.end(
        JSON.stringify({
          PriceList: [
            product("USE1-Train:ml.g5.xlarge", "1.006"),
            product("USE1-Host:ml.g5.xlarge", "1.408"),
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  it("takes the hosting price from the Price List API when it answers", async () => {
    const client = new PricingClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const prices = await lookUpPrices(["ml.g5.xlarge"], { region: "us-east-1", client });
    client.destroy();
    expect(prices.source).toMatch(/^AWS Price List API \(us-east-1, /);
    expect(prices.quotes).toEqual([
      { instanceType: "ml.g5.xlarge", pricePerHour: 1.408, source: "AWS Price List API" },
    ]);
  });

  it("falls back to the dated offline table, saying why", async () => {
    const client = new PricingClient({
      endpoint: "http://127.0.0.1:1",
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const prices = await lookUpPrices(["ml.g5.xlarge"], { region: "us-east-1", client });
    client.destroy();
    expect(prices.source).toMatch(/^offline table, us-east-1 on demand, 2025-10 to 2026-03/);
    expect(prices.fallbackReason).toBeTruthy();
    expect(prices.quotes[0]?.pricePerHour).toBe(1.41);
  });
});
