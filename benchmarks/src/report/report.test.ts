import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleReport } from "../test-support/sample-report.js";
import { renderLatencyChart } from "./chart.js";
import { chartRows, renderMarkdown, timelineSeries } from "./markdown.js";
import { BenchReport } from "./schema.js";
import { latencyStats } from "./stats.js";
import { renderTimelineChart } from "./timeline-chart.js";
import { writeReport } from "./write.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("latencyStats", () => {
  it("gives nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyStats(samples)).toEqual({ min: 1, mean: 50.5, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(latencyStats([]).p99).toBe(0);
  });
});

describe("report rendering", () => {
  it("renders a section and table per scenario, the failures, and links the chart", () => {
    const md = renderMarkdown(sampleReport(), "run.svg");
    for (const heading of [
      "### Cold start: add_sub_onnx",
      "### Warm:",
      "### Churn:",
      "### Stampede:",
      "### Image: resnet50",
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain("![Latency percentiles per scenario](./run.svg)");
    expect(md).toContain("| 61.0 % | 63.0 % |");
    expect(md).toContain("**image**: example failure");
    // A missing direct peer shows as a dash, not "null" or "NaN".
    expect(md).not.toMatch(/null|NaN|undefined/);
  });

  it("puts TorchScript ÷ ONNX Runtime ratios beside the image results when both ran", () => {
    const report = sampleReport();
    const onnx = report.results.find((r) => r.scenario === "image")!;
    if (onnx.scenario !== "image") throw new Error("the sample has an image result");
    report.results.push({
      ...onnx,
      model: "triton-serve-pt",
      runs: onnx.runs.map((run) => ({
        ...run,
        imagesPerSec: run.imagesPerSec * 1.5,
        latencyMs: { ...run.latencyMs, p50: run.latencyMs.p50 / 2 },
      })),
    });
    const md = renderMarkdown(report, null);
    expect(md).toContain("### triton-serve-pt ÷ resnet50 (TorchScript ÷ ONNX Runtime, same run)");
    expect(md).toContain("| batch 1, images/s | 1.50× |");
    expect(md).toContain("| batch 8, latency p50 | 0.50× |");
    expect(renderMarkdown(sampleReport(), null)).not.toContain("÷ resnet50");
  });

  it("draws one chart row per measured series, with escaped labels and a log axis", () => {
    const rows = chartRows(sampleReport().results);
    expect(rows.map((r) => r.label)).toEqual([
      "cold start · add_sub_onnx",
      "warm · emulator · 1 conn",
      "warm · direct · 1 conn",
      "warm · emulator · 50 conn",
      "churn · 40 models / 8 slots · 8 conn",
      "stampede · 100 on 1 cold",
      "image · resnet50 · batch 1",
      "image · resnet50 · batch 8",
    ]);
    const svg = renderLatencyChart([
      ...rows,
      { group: "x", label: "a<b & c", latencyMs: latencyStats([1, 2]) },
    ]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("a&#60;b &#38; c");
    expect(svg.match(/<g><title>/g)).toHaveLength(rows.length + 1);
    expect(svg).toContain(">100 µs<"); // the axis spans decades from sub-millisecond …
    expect(svg).toContain(">1 s<"); // … to the slowest max
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("writes JSON, Markdown and SVG that read back as a valid report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mme-bench-report-"));
    dirs.push(dir);
    const written = await writeReport(sampleReport(), dir);
    expect(written.json).toMatch(/2025-02-01T10-00-00Z\.json$/);
    const back = BenchReport.parse(JSON.parse(await readFile(written.json, "utf8")));
    expect(back.results).toHaveLength(5);
    expect(await readFile(written.markdown, "utf8")).toContain("2025-02-01T10-00-00Z.svg");
    expect(await readFile(written.svg ?? "", "utf8")).toContain("</svg>");
    expect(await readFile(written.markdown, "utf8")).toContain("(./2025-02-01T10-00-00Z-timeline.svg)");
  });

  it("draws the churn run's latency, hit ratio and RSS over time as one SVG", async () => {
    const svg = await renderTimelineChart(timelineSeries(sampleReport().results));
    expect(svg.startsWith("<svg")).toBe(true);
    for (const title of ["latency ms (log)", "hit ratio", "emulator RSS MiB", "churn · 8 conn"]) {
      expect(svg).toContain(title);
    }
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it("refuses to write a report that breaks the schema", async () => {
    const bad = sampleReport();
    const churn = bad.results.find((r) => r.scenario === "churn");
    if (churn?.scenario === "churn") churn.hitRatio = 1.5;
    await expect(writeReport(bad, join(tmpdir(), "never-written"))).rejects.toThrow(/hitRatio/);
  });
});
