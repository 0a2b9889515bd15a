// The few lines printed at the end of a run: one headline per scenario result.

import { onnxComparisons } from "./onnx-comparison.js";
import { describeRates, sloLine } from "./rates-markdown.js";
import type { BenchReport, ScenarioResult } from "./schema.js";

const f = (v: number, digits = 1) => v.toFixed(digits);

function headline(r: ScenarioResult): string {
  switch (r.scenario) {
    case "cold-start":
      return `cold start ${r.model}: p50 ${f(r.firstRequestMs.p50)} ms, p99 ${f(r.firstRequestMs.p99)} ms over ${r.models} models`;
    case "warm":
      return r.runs
        .map(
          (run) =>
            `warm ${r.model} @${run.connections}: ${f(run.emulator.requestsPerSec, 0)} req/s p50 ${f(run.emulator.latencyMs.p50, 2)} ms` +
            (run.direct
              ? ` | direct ${f(run.direct.requestsPerSec, 0)} req/s p50 ${f(run.direct.latencyMs.p50, 2)} ms | ratio ${f(run.throughputRatio ?? 0, 2)}, +${f(run.overheadMicros ?? 0, 0)} µs latency, +${f(run.addedServiceMicros ?? 0, 0)} µs server time/req`
              : ""),
        )
        .join("\n");
    case "churn":
      return (
        `churn ${r.models}/${r.capacity} @${r.connections}: hit ${r.hitRatio === null ? "–" : `${f(r.hitRatio * 100)} %`} ` +
        `(ideal LRU ${f(r.idealLruHitRatio * 100)} %` +
        (r.concurrentLruHitRatio === null
          ? ""
          : `, LRU at ${r.connections} conn ${f(r.concurrentLruHitRatio * 100)} %`) +
        `), p50 ${f(r.latencyMs.p50, 2)} ms, p99 ${f(r.latencyMs.p99)} ms, ` +
        `${r.evictionsPerSec === null ? "–" : f(r.evictionsPerSec)} evictions/s, ${r.errors} errors`
      );
    case "stampede":
      return `stampede ${r.concurrency}× cold ${r.model}: ${r.loads ?? "–"} load(s), ${r.downloads ?? "–"} download(s), spread ${f(r.spreadMs)} ms, ${r.errors} errors`;
    case "image":
      return r.runs
        .map(
          (run) =>
            `image ${r.model} batch ${run.batch}: ${f(run.imagesPerSec)} images/s, p50 ${f(run.latencyMs.p50)} ms`,
        )
        .join("\n");
    case "scale": {
      const ratio = (v: number | null) => (v == null ? "–" : f(v, 2));
      return (
        `scale ${r.models} models (memory ${r.memoryModels}, disk ${r.diskModels}): generated ${f(r.generateS)} s, uploaded ${f(r.uploadS)} s; ` +
        `all ÷ a tenth known: warm p50 ${ratio(r.ratios.warmP50)}, RSS ${ratio(r.ratios.rss)}, status ${ratio(r.ratios.statusP50)}, metrics ${ratio(r.ratios.metricsP50)}`
      );
    }
    case "rates":
      return [
        ...r.steps.map(
          (s) =>
            `open loop ${describeRates(r)} @${s.rate}/s: sent ${s.sent}, answered ${s.answered}, p50 ${f(s.latencyMs.p50, 2)} ms, ` +
            `p99 ${f(s.latencyMs.p99)} ms, ${s.stable ? "stable" : "not stable"}` +
            (s.hitRatio === null ? "" : `, hit ${f(s.hitRatio * 100)} %`),
        ),
        ...(r.slo ? [sloLine(r.slo).replace(/\*\*/g, "")] : []),
      ].join("\n");
  }
}

export function renderSummary(report: BenchReport): string {
  const lines = report.results.map(headline);
  const x = (v: number | null) => (v == null ? "–" : `${f(v, 2)}×`);
  for (const c of onnxComparisons(report.results)) {
    const parts = [
      ...(c.coldStart
        ? [`cold start p50 ${x(c.coldStart.firstRequestRatio)} (load ${x(c.coldStart.loadRatio)})`]
        : []),
      ...c.image.map(
        (run) => `batch ${run.batch} images/s ${x(run.imagesPerSecRatio)}, p50 ${x(run.p50Ratio)}`,
      ),
    ];
    lines.push(`${c.model} ÷ ${c.counterpart}: ${parts.join("; ")}`);
  }
  for (const failure of report.failures) lines.push(`FAILED ${failure.scenario}: ${failure.message}`);
  return lines.join("\n");
}
