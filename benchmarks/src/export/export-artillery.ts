// `pnpm bench -- --target URL --export-artillery FILE`: seeds the traffic shape's fleet under the target
// endpoint's prefix (as the churn scenario does) and writes FILE, an Artillery script of that traffic, with
// its processor beside it. Nothing is measured here: Artillery sends the load (from one machine or many).
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { BenchOptions } from "../cli/options.js";
import { addSubPayload } from "../load/payloads.js";
import type { ModelArtifacts } from "../models/model-artifacts.js";
import { describeTraffic, readTraceTraffic, shapeWeights } from "../sampling/traffic-shape.js";
import type { ModelStore } from "../stack/model-store.js";
import { artilleryFiles } from "./artillery-script.js";

export interface ArtilleryExportParts {
  options: BenchOptions;
  store: ModelStore;
  artifacts: ModelArtifacts;
  /** The churn endpoint: the one whose memory budget the fleet is sized against. */
  endpointName: string;
  runId: string;
  progress(message: string): void;
}

export interface ArtilleryExportResult {
  script: string;
  processor: string;
  models: number;
}

export async function exportArtillery(
  file: string,
  parts: ArtilleryExportParts,
): Promise<ArtilleryExportResult> {
  const { options, progress } = parts;
  const target = options.target;
  if (!target) throw new Error("--export-artillery needs --target URL");
  const { settings } = options;
  const traffic = settings.openLoop?.traffic ?? { kind: "zipf", s: settings.zipfS };
  const trace = traffic.kind === "trace" ? await readTraceTraffic(traffic.file) : null;
  const models = trace ? trace.models.length : settings.churnModels;
  // A trace's order and bursts do not carry over: Artillery gets its models at their frequencies.
  const weights = trace
    ? trace.models.map((_, i) => trace.targets.filter((t) => t === i).length)
    : shapeWeights(traffic as Exclude<typeof traffic, { kind: "trace" }>, models);
  const tarballs = await parts.artifacts.fleet(models);
  const keys = tarballs.map((_, i) => `${parts.runId}/artillery/model_${String(i).padStart(4, "0")}.tar.gz`);
  progress(`artillery export: uploading ${models} models under ${target.modelDataUrl}`);
  await parts.store.putAll(keys.map((key, i) => [key, tarballs[i] ?? new Uint8Array()]));
  const processorName = `${basename(file, extname(file))}.processor.cjs`;
  const rates = settings.openLoop?.rates ?? [10];
  const files = artilleryFiles(
    {
      target: target.url,
      endpointName: parts.endpointName,
      rates,
      phaseS: settings.durationS,
      models: keys,
      weights,
      payload: addSubPayload(),
      sigv4Region: target.sigv4 ? target.region : null,
      description: `${describeTraffic(traffic)} over ${models} models of endpoint ${parts.endpointName} at ${rates.join(", ")} requests/s, ${settings.durationS} s each`,
    },
    processorName,
  );
  await mkdir(dirname(file), { recursive: true });
  const processor = join(dirname(file), processorName);
  await writeFile(file, files.script);
  await writeFile(processor, files.processor);
  return { script: file, processor, models };
}
