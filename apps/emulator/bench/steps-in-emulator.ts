// One cold request through the emulator (a key it has never seen), timed by the client, and the
// emulator's own split of it from the per-model series on GET /metrics (µs histograms; a fresh key
// has exactly one observation each, so _sum is that observation).
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { sampleValue } from "@mme/core/metrics";
import { scrapeMetrics } from "../src/test-support/prometheus-text.js";
import type { BenchModel } from "./bench-models.js";
import { StepFailedError } from "./steps-alone.js";

export interface EmulatorTimesMs {
  download: number;
  extract: number;
  load: number;
  firstInference: number;
  /** ModelLoadingWaitTime: the request's whole wait for its model (download + extract + load). */
  wait: number;
  /** Sent to answered, as the SDK client sees it. */
  total: number;
}

export interface ColdRequest {
  client: SageMakerRuntimeClient;
  emulatorUrl: string;
  endpointName: string;
  targetModel: string;
  model: BenchModel;
}

const PER_MODEL = {
  download: "mme_model_ModelDownloadingTime_sum",
  extract: "mme_model_ModelExtractionTime_sum",
  load: "mme_model_ModelLoadingTime_sum",
  firstInference: "mme_model_ModelLatency_sum",
  wait: "mme_model_ModelLoadingWaitTime_sum",
} as const;

export async function timeColdRequest(request: ColdRequest): Promise<EmulatorTimesMs> {
  const { payload } = request.model;
  const started = performance.now();
  const response = await request.client.send(
    new InvokeEndpointCommand({
      EndpointName: request.endpointName,
      TargetModel: request.targetModel,
      ContentType: payload.contentType,
      Body: payload.body,
    }),
  );
  const total = performance.now() - started;
  if (!response.Body || response.Body.byteLength === 0) {
    throw new StepFailedError(`cold request to ${request.targetModel} answered an empty body`);
  }

  const text = await scrapeMetrics(request.emulatorUrl);
  const labels = { EndpointName: request.endpointName, TargetModel: request.targetModel };
  const loads = sampleValue(text, "mme_model_ModelLoadingTime_count", labels);
  if (loads !== 1) {
    throw new StepFailedError(`${request.targetModel} was loaded ${loads} times; expected one cold load`);
  }
  const ms = (name: string) => sampleValue(text, name, labels) / 1000;
  return {
    download: ms(PER_MODEL.download),
    extract: ms(PER_MODEL.extract),
    load: ms(PER_MODEL.load),
    firstInference: ms(PER_MODEL.firstInference),
    wait: ms(PER_MODEL.wait),
    total,
  };
}
