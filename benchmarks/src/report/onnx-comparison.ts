// TorchScript ÷ ONNX Runtime: a model and its ONNX counterpart measured in the same run (see
// models/counterparts.ts), as ratios of cold start, load and image throughput/latency.
import { ONNX_COUNTERPART } from "../models/counterparts.js";
import type { ColdStartResult, ImageResult, ScenarioResult } from "./schema.js";

export interface OnnxComparison {
  model: string;
  counterpart: string;
  /** model ÷ counterpart, p50s. */
  coldStart: {
    firstRequestRatio: number;
    loadRatio: number | null;
    firstInferenceRatio: number | null;
  } | null;
  image: { batch: number; imagesPerSecRatio: number | null; p50Ratio: number | null }[];
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null || b === 0 ? null : a / b;

export function onnxComparisons(results: readonly ScenarioResult[]): OnnxComparison[] {
  const comparisons: OnnxComparison[] = [];
  for (const [model, counterpart] of Object.entries(ONNX_COUNTERPART)) {
    const cold = (m: string) =>
      results.find((r): r is ColdStartResult => r.scenario === "cold-start" && r.model === m);
    const image = (m: string) =>
      results.find((r): r is ImageResult => r.scenario === "image" && r.model === m);
    const [coldModel, coldOnnx, imageModel, imageOnnx] = [
      cold(model),
      cold(counterpart!),
      image(model),
      image(counterpart!),
    ];
    if (!(coldModel && coldOnnx) && !(imageModel && imageOnnx)) continue;
    comparisons.push({
      model,
      counterpart: counterpart!,
      coldStart:
        coldModel && coldOnnx
          ? {
              firstRequestRatio: coldModel.firstRequestMs.p50 / coldOnnx.firstRequestMs.p50,
              loadRatio: ratio(coldModel.phasesMs.load?.p50, coldOnnx.phasesMs.load?.p50),
              firstInferenceRatio: ratio(
                coldModel.phasesMs.firstInference?.p50,
                coldOnnx.phasesMs.firstInference?.p50,
              ),
            }
          : null,
      image:
        imageModel && imageOnnx
          ? imageModel.runs.map((run) => {
              const other = imageOnnx.runs.find((o) => o.batch === run.batch);
              return {
                batch: run.batch,
                imagesPerSecRatio: ratio(run.imagesPerSec, other?.imagesPerSec),
                p50Ratio: ratio(run.latencyMs.p50, other?.latencyMs.p50),
              };
            })
          : [],
    });
  }
  return comparisons;
}
