// The MME container contract over HTTP: Triton (--allow-sagemaker), MMS-based containers, or
// @mme/runtime's HTTP server. One undici Pool per container keeps connections warm.

import type { ContainerResponse, ListModelsPage, LoadedModelInfo, ModelContainer } from "@mme/core/container";
import { errors, Pool } from "undici";
import { ContainerUnavailableError } from "./errors.js";

export interface HttpModelContainerOptions {
  /** Base URL of the container, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Pooled connections (default 64). */
  connections?: number;
  /** Limit for an invocation (SageMaker: 60 s). */
  invokeTimeoutMs?: number;
  /** Limit for a load (SageMaker: 360 s). */
  loadTimeoutMs?: number;
  /** Limit for ping, list, describe and unload (default 30 s). */
  requestTimeoutMs?: number;
}

type Method = "GET" | "POST" | "DELETE";

/** Request headers a container sees from an invocation; others (auth, host, hop-by-hop) stay behind. */
const FORWARDED_HEADERS = new Set([
  "content-type",
  "accept",
  "x-amzn-sagemaker-target-model",
  "x-amzn-sagemaker-custom-attributes",
  "x-amzn-sagemaker-inference-id",
  "x-amzn-sagemaker-enable-explanations",
  "inference-header-content-length",
]);

export class HttpModelContainer implements ModelContainer {
  readonly url: string;
  readonly #pool: Pool;
  readonly #invokeTimeoutMs: number;
  readonly #loadTimeoutMs: number;
  readonly #requestTimeoutMs: number;

  constructor(options: HttpModelContainerOptions) {
    this.url = new URL(options.url).origin;
    this.#invokeTimeoutMs = options.invokeTimeoutMs ?? 60_000;
    this.#loadTimeoutMs = options.loadTimeoutMs ?? 360_000;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#pool = new Pool(this.url, { connections: options.connections ?? 64, connectTimeout: 10_000 });
  }

  ping(): Promise<ContainerResponse> {
    return this.#send("GET", "/ping", this.#requestTimeoutMs);
  }

  load(modelName: string, url: string): Promise<ContainerResponse> {
    const body = JSON.stringify({ model_name: modelName, url });
    return this.#send("POST", "/models", this.#loadTimeoutMs, body, {
      "content-type": "application/json",
      accept: "application/json",
    });
  }

  unload(modelName: string): Promise<ContainerResponse> {
    return this.#send("DELETE", `/models/${encodeURIComponent(modelName)}`, this.#requestTimeoutMs);
  }

  async list(nextPageToken?: string, maxResults?: number): Promise<ListModelsPage> {
    const query = new URLSearchParams();
    if (nextPageToken) query.set("next_page_token", nextPageToken);
    // MMS reads `limit`, @mme/runtime `max_results`.
    if (maxResults) {
      query.set("limit", String(maxResults));
      query.set("max_results", String(maxResults));
    }
    const qs = query.size > 0 ? `?${query}` : "";
    const res = await this.#send("GET", `/models${qs}`, this.#requestTimeoutMs, undefined, {
      accept: "application/json",
    });
    if (res.status !== 200)
      throw new Error(`container GET /models answered ${res.status}: ${text(res.body)}`);
    const parsed = parseJson(res.body) as Partial<ListModelsPage> | undefined;
    const page: ListModelsPage = { models: Array.isArray(parsed?.models) ? parsed.models : [] };
    if (parsed?.nextPageToken) page.nextPageToken = parsed.nextPageToken;
    return page;
  }

  async describe(modelName: string): Promise<LoadedModelInfo | undefined> {
    const res = await this.#send(
      "GET",
      `/models/${encodeURIComponent(modelName)}`,
      this.#requestTimeoutMs,
      undefined,
      {
        accept: "application/json",
      },
    );
    if (res.status === 404) return undefined;
    if (res.status !== 200)
      throw new Error(`container GET /models/${modelName} answered ${res.status}: ${text(res.body)}`);
    // MMS answers with a one-element array; Triton and the contract with an object.
    const parsed = parseJson(res.body);
    const info = (Array.isArray(parsed) ? parsed[0] : parsed) as Partial<LoadedModelInfo> | undefined;
    return { ...info, modelName: info?.modelName ?? modelName, modelUrl: info?.modelUrl ?? "" };
  }

  invoke(modelName: string, body: Uint8Array, headers: Record<string, string>): Promise<ContainerResponse> {
    const forwarded: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (FORWARDED_HEADERS.has(lower)) forwarded[lower] = value;
    }
    forwarded["content-type"] ??= "application/octet-stream";
    return this.#send(
      "POST",
      `/models/${encodeURIComponent(modelName)}/invoke`,
      this.#invokeTimeoutMs,
      body,
      forwarded,
    );
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #send(
    method: Method,
    path: string,
    timeoutMs: number,
    body?: string | Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<ContainerResponse> {
    try {
      const res = await this.#pool.request({
        method,
        path,
        headers,
        body: body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bytes = new Uint8Array(await res.body.arrayBuffer());
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: bytes };
    } catch (error) {
      throw toUnavailable(error, `${method} ${this.url}${path}`, timeoutMs);
    }
  }
}

function toUnavailable(error: unknown, what: string, timeoutMs: number): ContainerUnavailableError {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new ContainerUnavailableError(
      "timeout",
      `container did not answer ${what} within ${timeoutMs} ms`,
      {
        cause: error,
      },
    );
  }
  const err = error as { code?: string; message?: string };
  const reason = err.code ? `${err.code}: ${err.message}` : (err.message ?? String(error));
  return new ContainerUnavailableError("unreachable", `container unreachable for ${what} (${reason})`, {
    cause: error,
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function text(body: Uint8Array): string {
  return Buffer.from(body).toString("utf8").slice(0, 500);
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    return undefined;
  }
}
