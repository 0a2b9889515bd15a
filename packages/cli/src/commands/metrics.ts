import { type EndpointMetrics, type MetricReading, parseDuration, readEndpointMetrics } from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { printResult } from "../output.js";
import { sparkline } from "../sparkline.js";

export const metricsCommand = defineCommand({
  meta: {
    name: "metrics",
    description:
      "the endpoint's MME metrics from CloudWatch: invocations, errors, latency, cache hits, loads",
  },
  args: {
    ...globalArgs,
    since: { type: "string", default: "1h", description: "window to read, e.g. 15m, 1h, 3h" },
    period: { type: "string", default: "60", description: "seconds per point (a multiple of 60)" },
    variant: {
      type: "string",
      description: "production variant (default: the one CloudWatch lists, else AllTraffic)",
    },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const periodSeconds = Number(args.period);
    const metrics = await readEndpointMetrics(clients.cloudwatch, {
      endpointName: settings.endpointName,
      ...(args.variant ? { variantName: args.variant } : {}),
      sinceMs: parseDuration(args.since, "--since"),
      periodSeconds: Number.isFinite(periodSeconds) ? periodSeconds : Number.NaN,
    });
    const stdout = cliIo().stdout;
    printResult(json, metrics, () =>
      metricsTable(metrics, stdout.isTTY ? (stdout.columns ?? 100) : undefined),
    );
  },
});

/** The table; with `columns` (a terminal), a sparkline per metric fitted to the width. */
export function metricsTable(m: EndpointMetrics, columns?: number): string {
  const labelWidth = Math.max(...m.metrics.map((r) => r.label.length));
  const values = m.metrics.map((r) => formatValue(r));
  const valueWidth = Math.max(...values.map((v) => v.length));
  const room = columns === undefined ? 0 : Math.max(10, columns - labelWidth - valueWidth - 6);
  const header = `${m.endpointName} / ${m.variantName}  ${m.startTime.slice(0, 16).replace("T", " ")} → ${m.endTime.slice(11, 16)} UTC, per ${m.periodSeconds} s`;
  const rows = m.metrics.map((r, i) => {
    const line = `${r.label.padEnd(labelWidth)}  ${values[i]!.padStart(valueWidth)}`;
    return columns === undefined ? line : `${line}  ${sparkline(r.series.slice(-room).map((p) => p.value))}`;
  });
  return [header, ...rows].join("\n");
}

function formatValue(r: MetricReading): string {
  if (r.value === null) return "–";
  switch (r.kind) {
    case "micros":
      return `${(r.value / 1000).toFixed(r.value < 10_000 ? 2 : 1)} ms`;
    case "ratio":
      return `${(r.value * 100).toFixed(1)} %`;
    default:
      return Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
  }
}
