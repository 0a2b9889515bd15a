// The MME container contract over HTTP: Triton (--allow-sagemaker), MMS-based containers, or
// @mme/runtime's HTTP server. One undici Pool per container keeps connections warm; requests go through
// its dispatch API (collected-response.ts), undici's cheapest.

import type { ContainerResponse, ListModelsPage, LoadedModelInfo, ModelContainer } from "@mme/core/container";
import { errors, Pool } from "undici";
import { CollectedResponse } from "./collected-response.js";
import { ContainerUnavailableError } from "./errors.js";
import { estimateModelMemory } from "./memory-estimate.js";

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

const TARGET_MODEL_HEADER = "x-amzn-sagemaker-target-model";

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
  /** What each loaded model was loaded as: the unload names the same target, the estimate reads the url. */
  readonly #loaded = new Map<string, { url: string; targetModel: string | undefined }>();

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

  // The TargetModel header on the load and the unload: Triton names the model after the load's header and
  // runs each invoke on the model the invoke's header names, so without it every invocation is a 400.
  async load(modelName: string, url: string, targetModel?: string): Promise<ContainerResponse> {
    const body = JSON.stringify({ model_name: modelName, url });
    const res = await this.#send("POST", "/models", this.#loadTimeoutMs, body, {
      "content-type": "application/json",
      accept: "application/json",
      ...targetHeader(targetModel),
    });
    if (res.status === 409 && !(await this.#holds(modelName))) {
      // Not ours: Triton refuses a second repository mapped to a name it already has, and it names models
      // after the TargetModel, so two endpoints sharing one container cannot load the same TargetModel.
      return {
        ...res,
        status: 400,
        body: new TextEncoder().encode(
          `The container refused to load ${modelName} as "${targetModel ?? modelName}" (409: ${text(res.body)}): ` +
            "another endpoint sharing this container has a model of that name loaded.",
        ),
      };
    }
    if (res.status === 200 || res.status === 409) this.#loaded.set(modelName, { url, targetModel });
    return res;
  }

  async #holds(modelName: string): Promise<boolean> {
    const res = await this.#send("GET", `/models/${encodeURIComponent(modelName)}`, this.#requestTimeoutMs);
    return res.status === 200;
  }

  async unload(modelName: string, targetModel?: string): Promise<ContainerResponse> {
    targetModel ??= this.#loaded.get(modelName)?.targetModel;
    const res = await this.#send(
      "DELETE",
      `/models/${encodeURIComponent(modelName)}`,
      this.#requestTimeoutMs,
      undefined,
      targetHeader(targetModel),
    );
    if (res.status === 200 || res.status === 404) this.#loaded.delete(modelName);
    return res;
  }

  async list(nextPageToken?: string, maxResults?: number): Promise<ListModelsPage> {
    const query = new URLSearchParams();
    if (nextPageToken) query.set("next_page_token", nextPageToken);
    // MMS reads `limit`; Triton (and @mme/runtime, its twin) list everything in one page.
    if (maxResults) query.set("limit", String(maxResults));
    const qs = query.size > 0 ? `?${query}` : "";
    const res = await this.#send("GET", `/models${qs}`, this.#requestTimeoutMs, undefined, {
      accept: "application/json",
    });
    if (res.status !== 200)
      throw new Error(`container GET /models answered ${res.status}: ${text(res.body)}`);
    const parsed = parseJson(res.body) as { models?: unknown; nextPageToken?: string } | undefined;
    // Triton lists a model whose name is not its hash (loaded with a Target-Model header) as {}.
    const models = (Array.isArray(parsed?.models) ? parsed.models : []).filter(
      (m): m is ListModelsPage["models"][number] =>
        typeof (m as { modelName?: unknown } | null)?.modelName === "string",
    );
    const page: ListModelsPage = { models };
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
    const described: LoadedModelInfo = {
      ...info,
      modelName: info?.modelName ?? modelName,
      modelUrl: info?.modelUrl ?? "",
    };
    // Triton reports no footprint: estimate one from the files we asked it to load (memory-estimate.ts).
    const loadedFrom = this.#loaded.get(modelName)?.url;
    if (typeof described.memoryBytes !== "number" && loadedFrom !== undefined)
      described.memoryBytes = await estimateModelMemory(loadedFrom);
    return described;
  }

  invoke(modelName: string, body: Uint8Array, headers: Record<string, string>): Promise<ContainerResponse> {
    const forwarded: Record<string, string> = {};
    for (const name in headers) {
      const lower = name.toLowerCase();
      if (FORWARDED_HEADERS.has(lower)) forwarded[lower] = headers[name]!;
    }
    forwarded["content-type"] ??= "application/octet-stream";
    // An invoke must name the model as its load did (a single-model endpoint's invokes carry no header).
    const loadedAs = this.#loaded.get(modelName)?.targetModel;
    if (loadedAs !== undefined) forwarded[TARGET_MODEL_HEADER] ??= loadedAs;
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
      return await new Promise<ContainerResponse>((resolve, reject) => {
        this.#pool.dispatch(
          { method, path, headers, body: body ?? null, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
          new CollectedResponse(resolve, reject),
        );
      });
    } catch (error) {
      throw toUnavailable(error, `${method} ${this.url}${path}`, timeoutMs);
    }
  }
}

function targetHeader(targetModel: string | undefined): Record<string, string> {
  return targetModel === undefined ? {} : { [TARGET_MODEL_HEADER]: targetModel };
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
