// The MME container contract, in-process: Triton-layout models on CPU (ONNX Runtime, Python workers).

import { coldTrace } from "@mme/core/cold-trace";
import type { ContainerResponse, ListModelsPage, LoadedModelInfo, ModelContainer } from "@mme/core/container";
import type { TritonModelConfig } from "@mme/core/triton";
import { type Logger, pino } from "pino";
import { createBackend } from "./backends/create-backend.js";
import type { ModelBackend } from "./backends/model-backend.js";
import {
  InsufficientMemoryError,
  ModelAlreadyLoadedError,
  ModelLoadError,
  ModelNotLoadedError,
  messageOf,
} from "./errors.js";
import {
  errorResponse,
  type InferenceReply,
  type InferenceTarget,
  runInference,
  statusOf,
} from "./invoke/run-inference.js";
import { locateServableModel } from "./model/locate-model.js";
import { sessionThreads } from "./onnx/session-thread-pool.js";

export interface EmbeddedRuntimeOptions {
  /** Environment for Python workers and for MME_PYTHON; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Python interpreter for Python/TorchScript models; default env.MME_PYTHON. When neither is set, each
   * model gets the first of `pythonCandidates` that imports what it needs (numpy; torch too for
   * TorchScript models and Python models that import it).
   */
  python?: string;
  /** Interpreters probed when no `python` is set; default python3 on PATH, then /usr/bin/python3. */
  pythonCandidates?: readonly string[];
  /** Loads that would take the loaded models' total memoryBytes past this answer 507. Unbounded if absent. */
  memoryLimitBytes?: number;
  logger?: Logger;
  /**
   * Start the ONNX session threads (and onnxruntime in each) now rather than at the first ONNX loads, which
   * then take a few ms instead of ~50–200 ms each. For a long-lived server; costs the threads and
   * onnxruntime's memory in each even if no ONNX model ever loads.
   */
  warmOnnxThread?: boolean;
}

interface LoadedModel extends InferenceTarget {
  modelUrl: string;
  inFlight: number;
  drained?: () => void;
}

const DEFAULT_PAGE_SIZE = 100;
const encoder = new TextEncoder();

function jsonResponse(status: number, value: unknown): ContainerResponse {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: encoder.encode(JSON.stringify(value)),
  };
}

export class EmbeddedRuntime implements ModelContainer {
  private readonly models = new Map<string, LoadedModel>();
  /** Loads under way: an unload or close() aborts them (a Python initialize() in progress is killed). */
  private readonly loading = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  private readonly logger: Logger;
  private readonly python: string | undefined;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: EmbeddedRuntimeOptions = {}) {
    this.env = options.env ?? process.env;
    this.python = options.python ?? (this.env.MME_PYTHON || undefined);
    this.logger = options.logger ?? pino({ name: "mme-runtime", level: this.env.MME_LOG_LEVEL ?? "warn" });
    if (options.warmOnnxThread) sessionThreads.warm();
  }

  async ping(): Promise<ContainerResponse> {
    return jsonResponse(200, { status: "Healthy" });
  }

  async load(modelName: string, url: string): Promise<ContainerResponse> {
    if (!modelName || !url) return errorResponse(400, "load needs a non-empty model_name and url");
    const existing = this.models.get(modelName);
    if (existing) return this.reloadIfUnavailable(existing);
    if (this.loading.has(modelName))
      return errorResponse(409, new ModelAlreadyLoadedError(modelName).message);
    const controller = new AbortController();
    const done = this.loadUnderway(modelName, url, controller.signal);
    this.loading.set(modelName, { controller, done });
    try {
      return await done;
    } finally {
      this.loading.delete(modelName);
    }
  }

  private async loadUnderway(
    modelName: string,
    url: string,
    signal: AbortSignal,
  ): Promise<ContainerResponse> {
    const started = performance.now();
    try {
      const model = await locateServableModel(url);
      coldTrace?.mark("located");
      const backend = await createBackend(modelName, model, {
        python: this.python,
        ...(this.options.pythonCandidates ? { candidates: this.options.pythonCandidates } : {}),
        env: this.env,
        logger: this.logger,
        signal,
      });
      if (signal.aborted) {
        await backend.close();
        throw new ModelLoadError(`the load of model ${modelName} was cancelled by an unload`);
      }
      coldTrace?.mark("session-created");
      await this.enforceMemoryLimit(modelName, backend);
      this.models.set(modelName, {
        modelName,
        modelUrl: url,
        version: model.version,
        config: model.config,
        backend,
        inFlight: 0,
      });
      const memoryBytes = backend.memoryBytes();
      this.logger.info({ modelName, url, memoryBytes, ms: performance.now() - started }, "model loaded");
      return jsonResponse(200, { status: `Model ${modelName} loaded`, memoryBytes });
    } catch (error) {
      this.logger.warn({ modelName, url, err: messageOf(error) }, "model load failed");
      return errorResponse(statusOf(error), messageOf(error));
    }
  }

  async unload(modelName: string): Promise<ContainerResponse> {
    const loading = this.loading.get(modelName);
    if (loading) {
      loading.controller.abort();
      await loading.done;
    }
    const model = this.models.get(modelName);
    if (!model) {
      return loading
        ? jsonResponse(200, { status: `Model ${modelName} unloaded; its load was cancelled` })
        : errorResponse(404, new ModelNotLoadedError(modelName).message);
    }
    this.models.delete(modelName);
    // Requests already running finish first: releasing a session under a running request is unsafe.
    if (model.inFlight > 0) await new Promise<void>((resolve) => (model.drained = resolve));
    await model.backend.close();
    return jsonResponse(200, { status: `Model ${modelName} unloaded` });
  }

  async list(nextPageToken?: string, maxResults = DEFAULT_PAGE_SIZE): Promise<ListModelsPage> {
    const names = [...this.models.keys()].sort();
    const start = nextPageToken ? Math.max(0, Number.parseInt(nextPageToken, 10) || 0) : 0;
    const pageSize = Math.max(1, maxResults);
    const page = names.slice(start, start + pageSize).map((name) => ({
      modelName: name,
      modelUrl: this.models.get(name)!.modelUrl,
    }));
    const next = start + pageSize < names.length ? String(start + pageSize) : undefined;
    return next ? { models: page, nextPageToken: next } : { models: page };
  }

  async describe(modelName: string): Promise<LoadedModelInfo | undefined> {
    const model = this.models.get(modelName);
    if (!model) return undefined;
    const health = model.backend.health();
    return {
      modelName,
      modelUrl: model.modelUrl,
      memoryBytes: model.backend.memoryBytes(),
      state: health.state,
      ...(health.reason ? { reason: health.reason } : {}),
    };
  }

  async invoke(
    modelName: string,
    body: Uint8Array,
    headers: Record<string, string>,
  ): Promise<InferenceReply> {
    const model = this.models.get(modelName);
    if (!model) return errorResponse(404, new ModelNotLoadedError(modelName).message);
    model.inFlight++;
    try {
      return await runInference(model, body, headers);
    } finally {
      model.inFlight--;
      if (model.inFlight === 0) model.drained?.();
    }
  }

  /** The config.pbtxt a loaded model runs with. */
  modelConfig(modelName: string): TritonModelConfig | undefined {
    return this.models.get(modelName)?.config;
  }

  /** Whether a model of this name is loaded (READY or not). */
  isLoaded(modelName: string): boolean {
    return this.models.has(modelName);
  }

  /** Triton's TRITONSERVER_ServerModelIsReady: loaded, READY, and serving `version`. */
  isReady(modelName: string, version: string): boolean {
    const model = this.models.get(modelName);
    return model !== undefined && model.version === version && model.backend.health().state === "READY";
  }

  /** Sum of the loaded models' memoryBytes: what the platform's memory tier would count. */
  async totalMemoryBytes(): Promise<number> {
    let total = 0;
    for (const model of this.models.values()) total += model.backend.memoryBytes();
    return total;
  }

  /** The loaded model's backend, for diagnostics and tests. */
  backendOf(modelName: string): ModelBackend | undefined {
    return this.models.get(modelName)?.backend;
  }

  async close(): Promise<void> {
    await Promise.all([...this.loading.keys(), ...this.models.keys()].map((name) => this.unload(name)));
  }

  private async reloadIfUnavailable(model: LoadedModel): Promise<ContainerResponse> {
    if (model.backend.health().state === "READY") {
      return errorResponse(409, new ModelAlreadyLoadedError(model.modelName).message);
    }
    try {
      await model.backend.recover();
      return jsonResponse(200, { status: `Model ${model.modelName} restarted` });
    } catch (error) {
      return errorResponse(statusOf(error), messageOf(error));
    }
  }

  private async enforceMemoryLimit(modelName: string, backend: ModelBackend): Promise<void> {
    const limit = this.options.memoryLimitBytes;
    if (limit === undefined) return;
    let used = 0;
    for (const m of this.models.values()) used += m.backend.memoryBytes();
    const needed = backend.memoryBytes();
    if (used + needed <= limit) return;
    await backend.close();
    throw new InsufficientMemoryError(
      `not enough memory to load model '${modelName}': needs ${needed} bytes, ${limit - used} of ${limit} free`,
    );
  }
}
