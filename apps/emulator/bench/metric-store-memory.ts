// Memory the CloudWatch metric store holds per endpoint-hour: one endpoint's invocation values (as
// EmulatorMetrics publishes them per request) and gauges every 10 s, for 60 simulated minutes, at a
// few request rates; heap measured after a forced GC. Markdown on stdout.
//
//   node --expose-gc --conditions=source --import tsx apps/emulator/bench/metric-store-memory.ts

import { MetricStore } from "../src/metrics/metric-store.js";
import { EmulatorMetrics } from "../src/metrics/metrics.js";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");

function heap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

function endpointHour(requestsPerSecond: number): { bytes: number; values: number } {
  const start = Date.UTC(2026, 0, 1);
  let now = start;
  const store = new MetricStore({ now: () => now });
  const metrics = new EmulatorMetrics(async () => [], { metricStore: store });
  const labels = { endpointName: "bench", variantName: "AllTraffic", targetModel: "m.tar.gz" };
  // Prometheus' series for these labels exist before the baseline: only the CloudWatch store is measured.
  metrics.recordInvocation(labels, {
    status: 200,
    modelError: false,
    overheadMicros: 1,
    cacheHit: false,
    waitMicros: 1,
  });
  metrics.recordInvocation(labels, {
    status: 200,
    modelError: false,
    modelLatencyMicros: 1,
    overheadMicros: 1,
    cacheHit: true,
  });
  store.clear();
  const before = heap();
  let values = 0;
  for (let second = 0; second < 3600; second++) {
    now = start + second * 1000;
    for (let r = 0; r < requestsPerSecond; r++) {
      const hit = r % 10 !== 0;
      metrics.recordInvocation(labels, {
        status: 200,
        modelError: false,
        modelLatencyMicros: 2_000 + ((second * 7919 + r * 104_729) % 50_000),
        overheadMicros: 300 + ((r * 31) % 900),
        cacheHit: hit,
        waitMicros: hit ? 0 : 250_000 + r,
      });
      values += hit ? 9 : 10;
    }
    if (second % 10 === 0) {
      for (const name of ["LoadedModelCount", "CPUUtilization", "MemoryUtilization", "DiskUtilization"]) {
        store.put(
          "/aws/sagemaker/Endpoints",
          name,
          [{ Name: "EndpointName", Value: "bench" }],
          "None",
          second % 7,
        );
        values++;
      }
    }
  }
  const bytes = heap() - before;
  // Keep the store reachable until measured.
  if (store.list().length === 0) throw new Error("empty store");
  return { bytes, values };
}

console.log("| requests/s | values stored | heap per endpoint-hour |");
console.log("|---:|---:|---:|");
for (const rate of [0.0, 1, 10, 100, 1000]) {
  const { bytes, values } = endpointHour(rate);
  console.log(`| ${rate} | ${values.toLocaleString("en-US")} | ${(bytes / 1024).toFixed(0)} KiB |`);
}
