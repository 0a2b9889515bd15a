// A hand-made SVG chart: one row per measured series, latency on a log scale, a bar from p50 to p99,
// markers at p50 / p90 / p99 and a whisker to max. Log scale because a warm hit (sub-ms) and a
// ResNet-50 cold start (seconds) belong on one page.

import type { LatencyStats } from "./schema.js";

export interface ChartRow {
  label: string;
  group: string;
  latencyMs: LatencyStats;
}

const WIDTH = 860;
const LABEL_WIDTH = 270;
const ROW_HEIGHT = 26;
const TOP = 48;
const BOTTOM = 46;
const RIGHT = 24;
const GROUP_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948"];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatMs(ms: number): string {
  if (ms >= 1000) return `${+(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${+ms.toPrecision(3)} ms`;
  return `${+(ms * 1000).toPrecision(3)} µs`;
}

export function renderLatencyChart(
  rows: readonly ChartRow[],
  title = "Latency percentiles per scenario",
): string {
  const height = TOP + Math.max(1, rows.length) * ROW_HEIGHT + BOTTOM;
  const plotLeft = LABEL_WIDTH;
  const plotRight = WIDTH - RIGHT;
  const values = rows.flatMap((r) => [r.latencyMs.p50, r.latencyMs.max]).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 1)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, lo * 10)));
  const x = (ms: number) => {
    const clamped = Math.min(hi, Math.max(lo, ms));
    return (
      plotLeft +
      ((Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (plotRight - plotLeft)
    );
  };
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(title)}</text>`,
  );
  for (let decade = lo; decade <= hi; decade *= 10) {
    const gx = x(decade).toFixed(1);
    parts.push(
      `<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${height - BOTTOM + 4}" stroke="#ddd"/>`,
      `<text x="${gx}" y="${height - BOTTOM + 18}" text-anchor="middle" fill="#555">${formatMs(decade)}</text>`,
    );
  }
  const groups = [...new Set(rows.map((r) => r.group))];
  rows.forEach((row, i) => {
    const cy = TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    const colour = GROUP_COLOURS[groups.indexOf(row.group) % GROUP_COLOURS.length];
    const { p50, p90, p99, max } = row.latencyMs;
    const tip = `${row.label}: p50 ${formatMs(p50)}, p90 ${formatMs(p90)}, p99 ${formatMs(p99)}, max ${formatMs(max)}`;
    parts.push(
      `<g><title>${escapeXml(tip)}</title>`,
      `<text x="${plotLeft - 10}" y="${cy + 4}" text-anchor="end">${escapeXml(row.label)}</text>`,
      `<line x1="${x(p99).toFixed(1)}" y1="${cy}" x2="${x(max).toFixed(1)}" y2="${cy}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="3 2"/>`,
      `<rect x="${x(p50).toFixed(1)}" y="${cy - 6}" width="${Math.max(1, x(p99) - x(p50)).toFixed(1)}" height="12" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`,
      `<circle cx="${x(p50).toFixed(1)}" cy="${cy}" r="4.5" fill="${colour}"/>`,
      `<path d="M${x(p90).toFixed(1)} ${cy - 5}l5 5l-5 5l-5 -5z" fill="#fff" stroke="${colour}" stroke-width="1.5"/>`,
      `<rect x="${(x(p99) - 4).toFixed(1)}" y="${cy - 4}" width="8" height="8" fill="${colour}"/>`,
      `<line x1="${x(max).toFixed(1)}" y1="${cy - 6}" x2="${x(max).toFixed(1)}" y2="${cy + 6}" stroke="${colour}" stroke-width="2"/>`,
      `</g>`,
    );
  });
  const ly = height - 14;
  parts.push(
    `<g fill="#333"><circle cx="${plotLeft}" cy="${ly - 4}" r="4.5" fill="#666"/><text x="${plotLeft + 9}" y="${ly}">p50</text>`,
    `<path d="M${plotLeft + 50} ${ly - 9}l5 5l-5 5l-5 -5z" fill="#fff" stroke="#666" stroke-width="1.5"/><text x="${plotLeft + 59}" y="${ly}">p90</text>`,
    `<rect x="${plotLeft + 96}" y="${ly - 8}" width="8" height="8" fill="#666"/><text x="${plotLeft + 109}" y="${ly}">p99</text>`,
    `<line x1="${plotLeft + 150}" y1="${ly - 10}" x2="${plotLeft + 150}" y2="${ly + 2}" stroke="#666" stroke-width="2"/><text x="${plotLeft + 157}" y="${ly}">max (log scale)</text></g>`,
    `</svg>`,
  );
  return `${parts.join("\n")}\n`;
}
