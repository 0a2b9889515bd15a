// The human report: machine, configuration, a headline table, the chart, then one section per scenario.

import { mib, ms, num, pct, size, table } from "./cells.js";
import type { ChartRow } from "./chart.js";
import { type OnnxComparison, onnxComparisons } from "./onnx-comparison.js";
import { compareSection, ratesSection } from "./rates-markdown.js";
import type {
  BenchReport,
  ChurnResult,
  ColdStartResult,
  ImageResult,
  LatencyStats,
  ScaleResult,
  ScenarioResult,
  StampedeResult,
  WarmResult,
} from "./schema.js";
import type { TimelineSeries } from "./timeline-chart.js";

const latencyCells = (l: LatencyStats | null) =>
  l ? [ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max)] : ["–", "–", "–", "–"];

function rowsOf(r: ScenarioResult): ChartRow[] {
  switch (r.scenario) {
    case "cold-start":
      return [{ group: r.scenario, label: `cold start · ${r.model}`, latencyMs: r.firstRequestMs }];
    case "warm":
      return r.runs.flatMap((run) => [
        {
          group: r.scenario,
          label: `warm · emulator · ${run.connections} conn`,
          latencyMs: run.emulator.latencyMs,
        },
        ...(run.direct
          ? [
              {
                group: "warm direct",
                label: `warm · direct · ${run.connections} conn`,
                latencyMs: run.direct.latencyMs,
              },
            ]
          : []),
      ]);
    case "churn":
      return [
        {
          group: r.scenario,
          label: `churn · ${r.models} models / ${r.capacity} slots · ${r.connections} conn`,
          latencyMs: r.latencyMs,
        },
      ];
    case "stampede":
      return [{ group: r.scenario, label: `stampede · ${r.concurrency} on 1 cold`, latencyMs: r.latencyMs }];
    case "image":
      return r.runs.map((run) => ({
        group: r.scenario,
        label: `image · ${r.model} · batch ${run.batch}`,
        latencyMs: run.latencyMs,
      }));
    case "scale":
      return r.phases.map((p) => ({
        group: r.scenario,
        label: `scale · ${p.knownModels} models known`,
        latencyMs: p.latencyMs,
      }));
    case "rates":
      return r.steps.map((s) => ({
        group: `${r.of} open loop`,
        label: `${r.of} · open loop · ${s.rate}/s`,
        latencyMs: s.latencyMs,
      }));
  }
}

/** The rows of the latency chart, in report order. */
export function chartRows(results: readonly ScenarioResult[]): ChartRow[] {
  return results.flatMap(rowsOf);
}

function coldStartSection(r: ColdStartResult): string {
  return [
    `### Cold start: ${r.model}`,
    `${r.models} distinct models never loaded before, ${size(r.tarballBytes)} each; the first request to each, one at a time. Errors: ${r.errors}. Download and extraction are one stream (S3 → gunzip → untar), so their times overlap rather than add up.`,
    "",
    table(
      ["phase (ms)", "p50", "p90", "p99", "max"],
      [
        ["first request, total", ...latencyCells(r.firstRequestMs)],
        ["download", ...latencyCells(r.phasesMs.download)],
        ["extract", ...latencyCells(r.phasesMs.extract)],
        ["load", ...latencyCells(r.phasesMs.load)],
        ["first inference (container)", ...latencyCells(r.phasesMs.firstInference)],
      ],
    ),
  ].join("\n");
}

function warmSection(r: WarmResult): string {
  return [
    `### Warm: ${r.model}, emulator vs container directly`,
    "",
    "Added latency: emulator mean − direct mean. Added server time: 1/(emulator req/s) − 1/(direct req/s), the work the emulator adds per request once the CPU is saturated. The load generator shares the machine with both.",
    "",
    table(
      [
        "conn",
        "emulator req/s",
        "direct req/s",
        "emu p50 ms",
        "direct p50 ms",
        "emu p99 ms",
        "direct p99 ms",
        "throughput ratio",
        "added latency µs",
        "added server µs/req",
        "errors",
      ],
      r.runs.map((run) => [
        String(run.connections),
        num(run.emulator.requestsPerSec),
        num(run.direct?.requestsPerSec),
        ms(run.emulator.latencyMs.p50),
        ms(run.direct?.latencyMs.p50),
        ms(run.emulator.latencyMs.p99),
        ms(run.direct?.latencyMs.p99),
        num(run.throughputRatio, 2),
        num(run.overheadMicros),
        num(run.addedServiceMicros),
        String(
          run.emulator.errors +
            run.emulator.non2xx +
            (run.direct ? run.direct.errors + run.direct.non2xx : 0),
        ),
      ]),
    ),
  ].join("\n");
}

function churnSection(r: ChurnResult): string {
  return [
    `### Churn: ${r.models} models over ${r.capacity} memory slots, Zipf s = ${r.zipfS}, seed ${r.seed}, ${r.connections} connection${r.connections === 1 ? "" : "s"}`,
    "",
    table(
      [
        "requests",
        "req/s",
        "hit ratio",
        "ideal LRU",
        "LRU at this concurrency",
        "p50 ms",
        "p99 ms",
        "evictions",
        "evictions/s",
        "errors",
        "RSS start",
        "RSS end",
        "RSS drift once warm",
      ],
      [
        [
          String(r.requests),
          num(r.requestsPerSec),
          pct(r.hitRatio),
          pct(r.idealLruHitRatio),
          pct(r.concurrentLruHitRatio),
          ms(r.latencyMs.p50),
          ms(r.latencyMs.p99),
          num(r.evictions),
          num(r.evictionsPerSec, 1),
          String(r.errors),
          mib(r.rssStartBytes),
          mib(r.rssEndBytes),
          r.rssDriftBytes === null ? "–" : `${r.rssDriftBytes >= 0 ? "+" : ""}${mib(r.rssDriftBytes)}`,
        ],
      ],
    ),
  ].join("\n");
}

function stampedeSection(r: StampedeResult): string {
  return [
    `### Stampede: ${r.concurrency} concurrent requests to one cold ${r.model}`,
    "",
    table(
      ["downloads", "extractions", "loads", "min ms", "p50 ms", "max ms", "spread ms", "errors"],
      [
        [
          num(r.downloads),
          num(r.extractions),
          num(r.loads),
          ms(r.latencyMs.min),
          ms(r.latencyMs.p50),
          ms(r.latencyMs.max),
          ms(r.spreadMs),
          String(r.errors),
        ],
      ],
    ),
  ].join("\n");
}

function imageSection(r: ImageResult): string {
  return [
    `### Image: ${r.model}`,
    "",
    table(
      [
        "batch",
        "conn",
        "req/s",
        "images/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "request size",
        "errors",
      ],
      r.runs.map((run) => [
        String(run.batch),
        String(run.connections),
        num(run.requestsPerSec, 1),
        num(run.imagesPerSec, 1),
        ...latencyCells(run.latencyMs),
        size(run.requestBytes),
        String(run.errors + run.non2xx),
      ]),
    ),
  ].join("\n");
}

const times = (v: number | null) => (v == null ? "–" : `${v.toFixed(2)}×`);

function comparisonSection(c: OnnxComparison): string {
  const rows: string[][] = [];
  if (c.coldStart) {
    rows.push(["cold start, first request p50", times(c.coldStart.firstRequestRatio)]);
    rows.push(["cold start, load p50", times(c.coldStart.loadRatio)]);
    rows.push(["cold start, first inference p50", times(c.coldStart.firstInferenceRatio)]);
  }
  for (const run of c.image) {
    rows.push([`batch ${run.batch}, images/s`, times(run.imagesPerSecRatio)]);
    rows.push([`batch ${run.batch}, latency p50`, times(run.p50Ratio)]);
  }
  return [
    `### ${c.model} ÷ ${c.counterpart} (TorchScript ÷ ONNX Runtime, same run)`,
    "",
    table(["figure", "ratio"], rows),
  ].join("\n");
}

function section(r: ScenarioResult): string {
  switch (r.scenario) {
    case "cold-start":
      return coldStartSection(r);
    case "warm":
      return warmSection(r);
    case "churn":
      return churnSection(r);
    case "stampede":
      return stampedeSection(r);
    case "image":
      return imageSection(r);
    case "scale":
      return scaleSection(r);
    case "rates":
      return ratesSection(r);
  }
}

function scaleSection(r: ScaleResult): string {
  const ratio = (v: number | null) => (v == null ? "–" : `${v.toFixed(2)} ×`);
  return [
    `### Scale: ${r.models} models under the prefix, memory tier ${r.memoryModels}, disk tier ${r.diskModels}, Zipf s = ${r.zipfS}, ${r.connections} connections`,
    "",
    `Fleet generated in ${r.generateS.toFixed(1)} s, uploaded in ${r.uploadS.toFixed(1)} s.`,
    "",
    table(
      [
        "models known",
        "requests",
        "req/s",
        "hit ratio",
        "p50 ms",
        "p99 ms",
        "errors",
        "warm p50 ms",
        "warm req/s",
        "RSS",
        "status p50 ms",
        "status size",
        "metrics p50 ms",
        "metrics size",
      ],
      r.phases.map((p) => [
        String(p.knownModels),
        String(p.requests),
        num(p.requestsPerSec),
        pct(p.hitRatio),
        ms(p.latencyMs.p50),
        ms(p.latencyMs.p99),
        String(p.errors),
        ms(p.warm.latencyMs.p50),
        num(p.warm.requestsPerSec),
        mib(p.rssBytes),
        ms(p.statusMs?.p50),
        p.statusBytes == null ? "–" : size(p.statusBytes),
        ms(p.metricsMs?.p50),
        p.metricsBytes == null ? "–" : size(p.metricsBytes),
      ]),
    ),
    "",
    `All ÷ a tenth (flat ≤ 1.1 ×): warm p50 ${ratio(r.ratios.warmP50)}, warm throughput (inverse) ${ratio(r.ratios.warmThroughput)}, RSS ${ratio(r.ratios.rss)}, /mme/status ${ratio(r.ratios.statusP50)}, /metrics ${ratio(r.ratios.metricsP50)}.`,
  ].join("\n");
}

/** The runs with figures over time (churn, scale), for the timeline chart. */
export function timelineSeries(results: readonly ScenarioResult[]): TimelineSeries[] {
  return results.flatMap((r): TimelineSeries[] => {
    if (r.scenario === "churn") {
      return [
        { label: `churn · ${r.connections} conn`, latency: r.latencyOverTime, hitRatio: r.hitRatioOverTime },
      ];
    }
    if (r.scenario === "scale") {
      return r.phases.map((p) => ({
        label: `scale · ${p.knownModels} known`,
        latency: p.latencyOverTime,
        hitRatio: p.hitRatioOverTime,
      }));
    }
    return [];
  });
}

export function renderMarkdown(
  report: BenchReport,
  chartFile: string | null,
  timelineFile: string | null = null,
  compareWith: BenchReport | null = null,
): string {
  const { machine: m, versions: v, config: c } = report;
  const gpus =
    m.gpus.length === 0
      ? "none"
      : m.gpus.map((g) => `${g.name}${g.memoryMiB ? ` (${g.memoryMiB} MiB)` : ""}`).join(", ");
  const lines = [
    `# mme benchmark, ${report.startedAt}`,
    "",
    table(
      ["machine", ""],
      [
        ["CPU", `${m.cpuModel} × ${m.cores}`],
        ["memory", mib(m.memoryBytes)],
        ["GPU", gpus],
        ["OS", `${m.os} ${m.arch}`],
        [
          "load average (1, 5, 15 min)",
          `${m.loadAverage.join(", ")} at start; ${report.loadAverageEnd.join(", ")} at end`,
        ],
        [
          "versions",
          `node ${v.node}, mme ${v.mme}${v.gitCommit ? ` (${v.gitCommit.slice(0, 10)})` : ""}, autocannon ${v.autocannon ?? "–"}, onnxruntime ${v.onnxruntime ?? "–"}`,
        ],
        ["target", c.target],
        [
          "run",
          `${c.quick ? "quick" : "full"}; ${c.durationS} s per load step; connections ${c.connections.join(", ")}; seed ${c.seed}`,
        ],
      ],
    ),
    "",
  ];
  if (chartFile) lines.push(`![Latency percentiles per scenario](./${chartFile})`, "");
  if (timelineFile) lines.push(`![Latency, hit ratio and emulator RSS over time](./${timelineFile})`, "");
  lines.push("## Results", "");
  for (const r of report.results) lines.push(section(r), "");
  for (const c of onnxComparisons(report.results)) lines.push(comparisonSection(c), "");
  if (compareWith) lines.push(compareSection(report, compareWith), "");
  if (report.failures.length > 0) {
    lines.push(
      "## Failed scenarios",
      "",
      ...report.failures.map((f) => `- **${f.scenario}**: ${f.message}`),
      "",
    );
  }
  return lines.join("\n");
}
