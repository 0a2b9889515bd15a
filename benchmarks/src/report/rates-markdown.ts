// The open-loop sections of the Markdown report: one table per rate sweep, the SLO's answer, and a run of
// the same shape elsewhere (--compare, e.g. the same traffic against AWS) side by side.
import { ms, num, pct, table } from "./cells.js";
import type { BenchReport, RateStep, RatesResult, SloResult } from "./schema.js";

const errorCell = (errors: Record<string, number>) =>
  Object.keys(errors).length === 0
    ? "0"
    : Object.entries(errors)
        .map(([type, n]) => `${n} × ${type}`)
        .join(", ");
const split = (l: { p50: number; p99: number } | null) => (l ? `${ms(l.p50)} / ${ms(l.p99)}` : "–");

export function describeRates(r: RatesResult): string {
  return `${r.of}: ${r.traffic} over ${r.models} model${r.models === 1 ? "" : "s"} (${r.model}), endpoint ${r.endpointName}`;
}

export function sloLine(slo: SloResult): string {
  const bound = `${slo.percentile} ≤ ${slo.thresholdMs} ms and no errors`;
  if (slo.rate === null || !slo.step) return `No rate tried met ${bound} (lowest tried missed it).`;
  const l = slo.step.latencyMs;
  return (
    `Highest rate with ${bound}: **${num(slo.rate, 1)}/s = ${num(slo.invocationsPerMinute)} invocations per minute** ` +
    `(p50 ${ms(l.p50)} ms, p90 ${ms(l.p90)} ms, p99 ${ms(l.p99)} ms; cold share ${pct(slo.step.coldShare)}, ` +
    `hit ratio ${pct(slo.step.hitRatio)}; ${slo.firstMissRate === null ? "no rate tried missed it" : `missed at ${num(slo.firstMissRate, 1)}/s`}). ` +
    (slo.pricePerHour === null
      ? `On ${slo.instanceCount} × ${slo.instanceType}: cost unknown (${slo.priceSource}).`
      : `On ${slo.instanceCount} × ${slo.instanceType} at $${slo.pricePerHour}/h: **$${num(slo.costPerMillion, 2)} per million invocations** ` +
        `(${slo.priceSource}).`)
  );
}

/** Where the cold / warm columns come from (the same for every step of a run, unless the target changed). */
function coldWarmNote(steps: readonly RateStep[]): string {
  const notes: Record<string, string> = {
    "x-mme-emulator-model-cache":
      "Cold / warm: as the emulator marked each answer (X-Mme-Emulator-Model-Cache: miss when the request waited for a model load), in separate histograms.",
    ModelCacheHit:
      "Cold / warm, estimated: the target marks no answer, so the slowest share of requests that ModelCacheHit counts as misses are taken as the cold ones.",
    none: "Cold / warm: the target neither marks answers nor exposes ModelCacheHit.",
  };
  const sources = [...new Set(steps.map((s) => s.coldWarmSource ?? "none"))];
  return sources.map((source) => notes[source]).join(" ");
}

export function ratesSection(r: RatesResult): string {
  const steps = [...r.steps].sort((a, b) => a.rate - b.rate);
  return [
    `### Open loop, ${describeRates(r)}`,
    "",
    `Arrivals ${r.arrivals}; latency from each request's scheduled time; at most ${r.maxInFlight} in flight; ` +
      `windows of ${r.windowS} s until three agree within ${num(r.tolerance * 100)} % (throughput and mean latency), ` +
      `up to ${r.stepLimitS} s a step; figures over the last three windows. ${coldWarmNote(r.steps)}`,
    "",
    table(
      [
        "rate /s",
        "sent",
        "answered",
        "ok /s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "stable",
        "waited (in-flight bound)",
        "hit ratio",
        "cold share",
        "warm p50 / p99 ms",
        "cold p50 / p99 ms",
        "errors",
        ...(r.slo ? ["SLO"] : []),
      ],
      steps.map((s) => [
        num(s.rate, 1),
        String(s.sent),
        String(s.answered),
        num(s.throughput, 1),
        ms(s.latencyMs.p50),
        ms(s.latencyMs.p90),
        ms(s.latencyMs.p99),
        ms(s.latencyMs.max),
        s.stable ? "yes" : `no (${s.windows} windows)`,
        String(s.maxInFlightBound),
        pct(s.hitRatio),
        pct(s.coldShare),
        split(s.warmLatencyMs),
        split(s.coldLatencyMs),
        errorCell(s.errors),
        ...(r.slo ? [s.meetsSlo ? "met" : "missed"] : []),
      ]),
    ),
    ...(r.slo ? ["", sloLine(r.slo)] : []),
  ].join("\n");
}

/** This run's open-loop sweeps beside the other report's of the same scenario, rate by rate. */
export function compareSection(report: BenchReport, other: BenchReport): string {
  const sweeps = (b: BenchReport) => b.results.filter((r): r is RatesResult => r.scenario === "rates");
  const lines = [`## Beside ${other.config.target} (${other.startedAt})`, ""];
  const theirs = sweeps(other);
  const mine = sweeps(report);
  if (mine.length === 0 || theirs.length === 0) {
    lines.push(
      "Neither report has open-loop steps of the other's scenarios (run both with --rate or --slo).",
    );
    return lines.join("\n");
  }
  const a = report.config.target;
  const b = other.config.target;
  for (const r of mine) {
    const o = theirs.find((t) => t.of === r.of && t.models === r.models) ?? theirs.find((t) => t.of === r.of);
    if (!o) continue;
    lines.push(`### ${describeRates(r)} | ${describeRates(o)}`, "");
    const rates = [...new Set([...r.steps, ...o.steps].map((s) => s.rate))].sort((x, y) => x - y);
    const cells = (s: RateStep | undefined) =>
      s
        ? [
            `${s.sent}/${s.answered}`,
            ms(s.latencyMs.p50),
            ms(s.latencyMs.p99),
            s.stable ? "yes" : "no",
            pct(s.hitRatio),
            pct(s.coldShare),
          ]
        : ["–", "–", "–", "–", "–", "–"];
    const side = (label: string) => [
      `${label}: sent/answered`,
      `${label}: p50 ms`,
      `${label}: p99 ms`,
      `${label}: stable`,
      `${label}: hit ratio`,
      `${label}: cold share`,
    ];
    lines.push(
      table(
        ["rate /s", ...side(a), ...side(b)],
        rates.map((rate) => [
          num(rate, 1),
          ...cells(r.steps.find((s) => s.rate === rate)),
          ...cells(o.steps.find((s) => s.rate === rate)),
        ]),
      ),
      "",
    );
    if (r.slo || o.slo) {
      lines.push(
        `- ${a}: ${r.slo ? sloLine(r.slo) : "no SLO search"}`,
        `- ${b}: ${o.slo ? sloLine(o.slo) : "no SLO search"}`,
        "",
      );
    }
  }
  return lines.join("\n");
}
