// Which container an endpoint talks to: the in-process runtime (default) or one over HTTP.

import type { ModelContainer } from "@mme/core/container";
import type { EmbeddedRuntimeOptions } from "@mme/runtime";
import { HttpModelContainer, type HttpModelContainerOptions } from "./http-model-container.js";

export type ContainerConfig =
  | { kind: "embedded"; options?: EmbeddedRuntimeOptions }
  | ({ kind: "http" } & HttpModelContainerOptions);

/**
 * Builds the container for `config` (default: embedded). Async because the embedded runtime, with
 * onnxruntime behind it, is imported only when chosen.
 */
export async function createContainer(
  config: ContainerConfig = { kind: "embedded" },
): Promise<ModelContainer> {
  if (config.kind === "http") {
    const { kind: _kind, ...options } = config;
    return new HttpModelContainer(options);
  }
  const { EmbeddedRuntime } = await import("@mme/runtime");
  // The emulator is long-lived: its first cold ONNX request should not also start onnxruntime's thread.
  return new EmbeddedRuntime({ warmOnnxThread: true, ...config.options });
}
