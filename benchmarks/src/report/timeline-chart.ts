// Latency, hit ratio and emulator RSS over time for the churn and scale runs, one colour per run, as one SVG:
// a Vega-Lite spec rendered headless (vega's View.toSVG, no browser or canvas). Cold-start spikes show as
// p99/max peaks in the latency panel where the hit-ratio panel dips.
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { HitRatioPoint, LatencyPoint } from "./schema.js";

export interface TimelineSeries {
  /** The run, e.g. "churn · 1 conn". */
  label: string;
  latency: readonly LatencyPoint[];
  hitRatio: readonly HitRatioPoint[];
}

const WIDTH = 640;
const PANEL_HEIGHT = 170;

export function timelineSpec(series: readonly TimelineSeries[]): TopLevelSpec {
  const latency = series.flatMap((s) =>
    s.latency.flatMap((p) =>
      (["p50", "p99", "max"] as const).map((stat) => ({
        run: s.label,
        t: p.atS,
        stat,
        ms: Math.max(p[stat], 0.001),
      })),
    ),
  );
  const hits = series.flatMap((s) =>
    s.hitRatio.map((p) => ({
      run: s.label,
      t: p.atS,
      hitRatio: p.hitRatio,
      rssMiB: p.rssBytes === null ? null : p.rssBytes / 2 ** 20,
    })),
  );
  const time = { field: "t", type: "quantitative", title: "seconds since the run began" } as const;
  const colour = { field: "run", type: "nominal", title: "run" } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Latency, hit ratio and emulator RSS over time",
    config: { font: "system-ui, sans-serif", view: { stroke: "#ddd" } },
    background: "#fff",
    vconcat: [
      {
        width: WIDTH,
        height: PANEL_HEIGHT,
        data: { values: latency },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: time,
          y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "latency ms (log)" },
          color: colour,
          strokeDash: { field: "stat", type: "nominal", title: "per window", sort: ["p50", "p99", "max"] },
        },
      },
      {
        width: WIDTH,
        height: PANEL_HEIGHT,
        data: { values: hits },
        mark: { type: "line", point: true, strokeWidth: 1.5 },
        encoding: {
          x: time,
          y: { field: "hitRatio", type: "quantitative", scale: { domain: [0, 1] }, title: "hit ratio" },
          color: colour,
        },
      },
      {
        width: WIDTH,
        height: PANEL_HEIGHT,
        data: { values: hits.filter((h) => h.rssMiB !== null) },
        mark: { type: "line", strokeWidth: 1.5 },
        encoding: {
          x: time,
          y: { field: "rssMiB", type: "quantitative", scale: { zero: false }, title: "emulator RSS MiB" },
          color: colour,
        },
      },
    ],
  } as TopLevelSpec;
}

export async function renderTimelineChart(series: readonly TimelineSeries[]): Promise<string> {
  const view = new vega.View(vega.parse(compile(timelineSpec(series)).spec), { renderer: "none" });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}
