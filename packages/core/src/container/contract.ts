// The SageMaker MME container contract (the platform → container API on port 8080), as a TypeScript
// interface. Implemented in-process by @mme/runtime and over HTTP by the emulator's container client
// (Triton with --allow-sagemaker, MMS-based containers, or @mme/runtime's HTTP server).

export interface ContainerResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface LoadedModelInfo {
  modelName: string;
  modelUrl: string;
  /** Estimated resident bytes of this model in the container; the memory tier's budget counts these. */
  memoryBytes?: number;
  /** "READY", or "UNAVAILABLE" with a reason (e.g. a crashed Python worker). */
  state?: "READY" | "UNAVAILABLE";
  reason?: string;
}

export interface ListModelsPage {
  models: { modelName: string; modelUrl: string }[];
  nextPageToken?: string;
}

export interface ModelContainer {
  /** GET /ping → 200 when healthy. */
  ping(): Promise<ContainerResponse>;
  /**
   * POST /models {"model_name","url"}: 200 loaded, 409 already loaded, 507 out of memory, 400/500 other failure.
   * `targetModel` is the TargetModel the name stands for: SageMaker sends it as X-Amzn-SageMaker-Target-Model
   * on the load and the unload as on every invoke (Triton names the model after the load's header).
   */
  load(modelName: string, url: string, targetModel?: string): Promise<ContainerResponse>;
  /** DELETE /models/{name}: 200, 404 when not loaded. */
  unload(modelName: string, targetModel?: string): Promise<ContainerResponse>;
  /** GET /models (paginated). */
  list(nextPageToken?: string, maxResults?: number): Promise<ListModelsPage>;
  /** GET /models/{name}: the model's info, or undefined (404) when not loaded. */
  describe(modelName: string): Promise<LoadedModelInfo | undefined>;
  /** POST /models/{name}/invoke. `headers` are lower-cased; X-Amzn-SageMaker-Target-Model is forwarded. */
  invoke(modelName: string, body: Uint8Array, headers: Record<string, string>): Promise<ContainerResponse>;
  /** Release everything (unload all models, close pools/workers). */
  close(): Promise<void>;
}
