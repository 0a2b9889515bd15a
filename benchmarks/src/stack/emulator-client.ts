// What the scenarios send to an emulator (or a real SageMaker-compatible front): invocations, metric
// scrapes and the status route.

import type { EncodedBody } from "@mme/core/kserve";
import { parsePrometheusText, type Sample } from "@mme/core/metrics";
import { invocationHeaders } from "./invocation-headers.js";

export interface InvokeOutcome {
  status: number;
  ms: number;
  /** The x-amzn-ErrorType and message of an error answer. */
  error?: string;
}

export class EmulatorClient {
  constructor(
    readonly baseUrl: string,
    readonly endpointName: string,
  ) {}

  invocationsUrl(endpointName = this.endpointName): string {
    return `${this.baseUrl}/endpoints/${encodeURIComponent(endpointName)}/invocations`;
  }

  headers(payload: EncodedBody, targetModel: string): Record<string, string> {
    return invocationHeaders(payload, targetModel);
  }

  async invoke(
    targetModel: string,
    payload: EncodedBody,
    endpointName = this.endpointName,
  ): Promise<InvokeOutcome> {
    const started = performance.now();
    const response = await fetch(this.invocationsUrl(endpointName), {
      method: "POST",
      headers: this.headers(payload, targetModel),
      body: payload.body,
      signal: AbortSignal.timeout(400_000),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.ok) return { status: response.status, ms };
    const kind = response.headers.get("x-amzn-errortype") ?? "";
    return { status: response.status, ms, error: `${response.status} ${kind} ${text.slice(0, 300)}`.trim() };
  }

  async metrics(): Promise<Sample[]> {
    const response = await fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
    return parsePrometheusText(await response.text());
  }
}
