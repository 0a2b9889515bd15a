// One Markdown table per model: each step alone next to the same step inside the emulator.
import type { BenchModel } from "./bench-models.js";
import { formatSpread, spreadOf } from "./stats.js";
import type { AloneTimesMs } from "./steps-alone.js";
import type { EmulatorTimesMs } from "./steps-in-emulator.js";

export interface ModelResult {
  model: BenchModel;
  tarballBytes: number;
  alone: AloneTimesMs[];
  inEmulator: EmulatorTimesMs[];
}

interface Row {
  step: string;
  alone?: (t: AloneTimesMs) => number;
  inEmulator?: (t: EmulatorTimesMs) => number;
}

const ROWS: Row[] = [
  { step: "download (S3 GetObject)", alone: (t) => t.download, inEmulator: (t) => t.download },
  { step: "extract (gunzip + untar)", alone: (t) => t.extract, inEmulator: (t) => t.extract },
  { step: "load (EmbeddedRuntime.load)", alone: (t) => t.load, inEmulator: (t) => t.load },
  { step: "first inference", alone: (t) => t.firstInference, inEmulator: (t) => t.firstInference },
  {
    step: "download + extract + load",
    alone: (t) => t.download + t.extract + t.load,
    inEmulator: (t) => t.wait,
  },
  {
    step: "cold first request, total",
    alone: (t) => t.download + t.extract + t.load + t.firstInference,
    inEmulator: (t) => t.total,
  },
];

export function renderModelTable(result: ModelResult): string {
  const rounds = Math.min(result.alone.length, result.inEmulator.length);
  const lines = [
    `### ${result.model.label} (${formatBytes(result.tarballBytes)} tar.gz, ${rounds} rounds, median / min)`,
    "",
    "| step | alone | in emulator |",
    "| --- | --- | --- |",
  ];
  for (const row of ROWS) {
    const alone = row.alone ? formatSpread(spreadOf(result.alone.map(row.alone))) : "–";
    const inEmulator = row.inEmulator ? formatSpread(spreadOf(result.inEmulator.map(row.inEmulator))) : "–";
    lines.push(`| ${row.step} | ${alone} | ${inEmulator} |`);
  }
  return lines.join("\n");
}

export const TABLE_NOTES = [
  "Alone: each step by itself, one after the other; extraction reads the local tarball, not S3.",
  "In emulator: from its per-model metrics (mme_model_ModelDownloadingTime, mme_model_ModelExtractionTime,",
  "mme_model_ModelLoadingTime, mme_model_ModelLatency, mme_model_ModelLoadingWaitTime) for one cold request",
  "per round to a key never seen before; the total is the SDK client's. Download and extraction run as ONE",
  "stream in the emulator (S3 → gunzip → untar), so their times overlap: download is GetObject sent → last",
  "byte, extract is first byte → files in place. Their sum over-counts; the 'download + extract + load' row",
  "in the emulator is ModelLoadingWaitTime, the request's real wait. s3rver runs in this same Node process,",
  "so in the emulator S3 serving and extraction share one JS thread: the overlap cannot hide much here.",
].join("\n");

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
