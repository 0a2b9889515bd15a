import type { TritonModelConfig } from "./model-config.js";

export const TRITON_BACKENDS = [
  "onnxruntime",
  "python",
  "pytorch",
  "tensorrt",
  "tensorflow",
  "openvino",
  "ensemble",
] as const;
export type TritonBackend = (typeof TRITON_BACKENDS)[number] | "unknown";

/** `platform:` values Triton knows, and the backend each one runs on. */
export const TRITON_PLATFORMS: Readonly<Record<string, Exclude<TritonBackend, "unknown">>> = {
  onnxruntime_onnx: "onnxruntime",
  pytorch_libtorch: "pytorch",
  tensorrt_plan: "tensorrt",
  tensorflow_savedmodel: "tensorflow",
  tensorflow_graphdef: "tensorflow",
  ensemble: "ensemble",
};

function backendNamed(name: string): TritonBackend {
  return (TRITON_BACKENDS as readonly string[]).includes(name) && name !== "ensemble"
    ? (name as TritonBackend)
    : "unknown";
}

/**
 * Which backend serves a config. `backend:` decides when set (as in Triton), else `platform:`.
 * "unknown" when neither names a backend mme knows.
 */
export function backendOf(config: Pick<TritonModelConfig, "platform" | "backend">): TritonBackend {
  if (config.backend !== undefined && config.backend !== "") return backendNamed(config.backend);
  if (config.platform !== undefined) return TRITON_PLATFORMS[config.platform] ?? "unknown";
  return "unknown";
}

/**
 * The file (or, for model.savedmodel, folder) a version folder must hold for this backend, by
 * Triton's default names; undefined for an ensemble (no file) or an unknown backend.
 * `platform` tells the two TensorFlow formats apart (graphdef vs the savedmodel default).
 */
export function modelFileFor(backend: TritonBackend, platform?: string): string | undefined {
  switch (backend) {
    case "onnxruntime":
      return "model.onnx";
    case "python":
      return "model.py";
    case "pytorch":
      return "model.pt";
    case "tensorrt":
      return "model.plan";
    case "tensorflow":
      return platform === "tensorflow_graphdef" ? "model.graphdef" : "model.savedmodel";
    case "openvino":
      return "model.xml";
    case "ensemble":
    case "unknown":
      return undefined;
  }
}

export interface ExpectedModelFile {
  name: string;
  /** "directory" for a SavedModel; "any" where Triton accepts either (an ONNX model with external data). */
  kind: "file" | "directory" | "any";
}

/** The model file each version folder of this config must hold, honouring `default_model_filename`. */
export function expectedModelFile(config: TritonModelConfig): ExpectedModelFile | undefined {
  const backend = backendOf(config);
  const defaultName = modelFileFor(backend, config.platform);
  if (defaultName === undefined) return undefined;
  const name = config.defaultModelFilename || defaultName;
  if (backend === "tensorflow" && name.endsWith(".savedmodel")) return { name, kind: "directory" };
  if (backend === "onnxruntime") return { name, kind: "any" };
  return { name, kind: "file" };
}
