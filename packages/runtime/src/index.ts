export type { BackendHealth, ModelBackend } from "./backends/model-backend.js";
export { EmbeddedRuntime, type EmbeddedRuntimeOptions } from "./embedded-runtime.js";
export * from "./errors.js";
export { createRuntimeApp, type RuntimeAppOptions } from "./http/create-runtime-app.js";
export {
  type RuntimeServer,
  type StartRuntimeServerOptions,
  startRuntimeServer,
} from "./http/start-runtime-server.js";
export { ONNX_MEMORY_FACTOR, ONNX_SESSION_OVERHEAD_BYTES } from "./onnx/onnx-backend.js";
export { sessionThreads } from "./onnx/session-thread-pool.js";
export { warmUpModel, warmUpModelConfig } from "./onnx/warm-up-model.js";
export { PYTHON_WORKER_FALLBACK_BYTES } from "./python/python-backend.js";
export {
  describeInterpreters,
  formatInterpreterReport,
  type InterpreterReport,
  PYTHON_CANDIDATES,
  TORCH_INSTALL_HINT,
} from "./python/python-interpreter.js";
export { WORKER_SCRIPT } from "./python/python-worker.js";
