import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderLatencyChart } from "./chart.js";
import { chartRows, renderMarkdown, timelineSeries } from "./markdown.js";
import { BenchReport } from "./schema.js";
import { renderTimelineChart } from "./timeline-chart.js";

export interface WrittenReport {
  json: string;
  markdown: string;
  svg: string | null;
  /** Latency / hit ratio / RSS over time of the churn and scale runs; null when there are none. */
  timelineSvg: string | null;
}

/** A file-name-safe timestamp: 2025-01-31T12-00-00Z. */
export function reportStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

/**
 * Validates the report, then writes <stamp>.json, <stamp>.md, the percentile chart <stamp>.svg and the
 * over-time chart <stamp>-timeline.svg into `dir` (with `compareWith`, the Markdown sets its open-loop steps beside).
 */
export async function writeReport(
  report: BenchReport,
  dir: string,
  compareWith: BenchReport | null = null,
): Promise<WrittenReport> {
  const valid = BenchReport.parse(report);
  await mkdir(dir, { recursive: true });
  const stamp = reportStamp(new Date(valid.startedAt));
  const rows = chartRows(valid.results);
  const svgName = rows.length > 0 ? `${stamp}.svg` : null;
  const timelines = timelineSeries(valid.results);
  const timelineName = timelines.length > 0 ? `${stamp}-timeline.svg` : null;
  const paths: WrittenReport = {
    json: join(dir, `${stamp}.json`),
    markdown: join(dir, `${stamp}.md`),
    svg: svgName ? join(dir, svgName) : null,
    timelineSvg: timelineName ? join(dir, timelineName) : null,
  };
  await writeFile(paths.json, `${JSON.stringify(valid, null, 2)}\n`);
  await writeFile(paths.markdown, renderMarkdown(valid, svgName, timelineName, compareWith));
  if (paths.svg) await writeFile(paths.svg, renderLatencyChart(rows));
  if (paths.timelineSvg) await writeFile(paths.timelineSvg, await renderTimelineChart(timelines));
  return paths;
}

/** A report written earlier (--compare), validated; a one-line reason when it is not one. */
export async function readReport(file: string): Promise<BenchReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON (pass the .json of a pnpm bench report)`);
  }
  const parsed = BenchReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file} is not a pnpm bench report (${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"})`,
    );
  }
  return parsed.data;
}
