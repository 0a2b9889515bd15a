// What the scenarios send to an emulator or a real SageMaker runtime: invocations (SigV4-signed when a signer
// is given), metric scrapes and the status route (which a real SageMaker does not have: read as absent).
import type { EncodedBody } from "@mme/core/kserve";
import { parsePrometheusText, type Sample } from "@mme/core/metrics";
import { request } from "undici";
import { invocationHeaders } from "./invocation-headers.js";
import type { InvocationSigner } from "./sigv4-signer.js";

export interface InvokeOutcome {
  status: number;
  ms: number;
  /** The x-amzn-ErrorType and message of an error answer. */
  error?: string;
}

/** Headers for a load step: the same request to several target models, ready synchronously. */
export interface LoadHeaders {
  headersFor(targetModel: string): Record<string, string>;
  stop(): Promise<void>;
}

export interface EmulatorClientOptions {
  /** Signs every invocation (a real SageMaker runtime, or an emulator that checks SigV4). */
  signer?: InvocationSigner | null;
  /** False for a real SageMaker runtime: no /metrics, no /mme/status (their figures read as absent). */
  emulatorRoutes?: boolean;
}

export class EmulatorClient {
  private readonly signer: InvocationSigner | null;
  private readonly emulatorRoutes: boolean;

  constructor(
    readonly baseUrl: string,
    readonly endpointName: string,
    options: EmulatorClientOptions = {},
  ) {
    this.signer = options.signer ?? null;
    this.emulatorRoutes = options.emulatorRoutes ?? true;
  }

  invocationsUrl(endpointName = this.endpointName): string {
    return `${this.baseUrl}/endpoints/${encodeURIComponent(endpointName)}/invocations`;
  }

  /** Prepares the headers of `targetModels` (signed, and kept fresh until stop(), when signing). */
  async loadHeaders(
    payload: EncodedBody,
    targetModels: readonly string[],
    endpointName = this.endpointName,
  ): Promise<LoadHeaders> {
    const { signer } = this;
    if (!signer) {
      return { headersFor: (targetModel) => invocationHeaders(payload, targetModel), stop: async () => {} };
    }
    const url = new URL(this.invocationsUrl(endpointName));
    const requests = new Map(
      [...new Set(targetModels)].map((targetModel) => [
        targetModel,
        { url, body: payload.body, headers: invocationHeaders(payload, targetModel) },
      ]),
    );
    return signer.prepare(requests);
  }

  async invoke(
    targetModel: string,
    payload: EncodedBody,
    endpointName = this.endpointName,
  ): Promise<InvokeOutcome> {
    const url = this.invocationsUrl(endpointName);
    let headers = invocationHeaders(payload, targetModel);
    if (this.signer) {
      const { host: _host, ...signed } = await this.signer.sign({
        url: new URL(url),
        body: payload.body,
        headers,
      });
      headers = signed; // undici sets the same Host from the URL
    }
    // undici's request, not fetch: the client's own cost stays out of a cold start's few milliseconds.
    const started = performance.now();
    const response = await request(url, {
      method: "POST",
      headers,
      body: payload.body,
      headersTimeout: 400_000,
      bodyTimeout: 400_000,
    });
    const text = await response.body.text();
    const ms = performance.now() - started;
    const status = response.statusCode;
    if (status >= 200 && status <= 299) return { status, ms };
    const kind = response.headers["x-amzn-errortype"] ?? "";
    return { status, ms, error: `${status} ${kind} ${text.slice(0, 300)}`.trim() };
  }

  /** A timed GET of one of the emulator's own routes; null when the target has none (real SageMaker). */
  async timedGet(path: string): Promise<{ ms: number; bytes: number } | null> {
    if (!this.emulatorRoutes) return null;
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
    const body = await response.arrayBuffer();
    const ms = performance.now() - started;
    if (!response.ok) return null;
    return { ms, bytes: body.byteLength };
  }

  /**
   * The emulator's Prometheus samples (only the families in `names` when given: with thousands of models the
   * full exposition is megabytes); none from a target without /metrics (real SageMaker).
   */
  async metrics(names: readonly string[] = []): Promise<Sample[]> {
    if (!this.emulatorRoutes) return [];
    const query = names.map((name) => `name=${encodeURIComponent(name)}`).join("&");
    const response = await fetch(`${this.baseUrl}/metrics${query ? `?${query}` : ""}`, {
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
    return parsePrometheusText(await response.text());
  }
}
