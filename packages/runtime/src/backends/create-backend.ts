// Picks the backend for a model's config.pbtxt.
import { backendOf } from "@mme/core/triton";
import { UnsupportedModelError } from "../errors.js";
import type { ServableModel } from "../model/locate-model.js";
import { OnnxBackend } from "../onnx/onnx-backend.js";
import { PythonBackend, type PythonBackendOptions } from "../python/python-backend.js";
import type { ModelBackend } from "./model-backend.js";

export async function createBackend(
  modelName: string,
  model: ServableModel,
  python: PythonBackendOptions,
): Promise<ModelBackend> {
  const backend = backendOf(model.config);
  switch (backend) {
    case "onnxruntime":
      return OnnxBackend.load(modelName, model);
    case "python":
      return PythonBackend.load(modelName, model, "python", python);
    case "pytorch":
      return PythonBackend.load(modelName, model, "torchscript", python);
    default: {
      const { platform, backend: named } = model.config;
      const what = named
        ? `backend "${named}"`
        : platform
          ? `platform "${platform}"`
          : "a model with no platform or backend";
      throw new UnsupportedModelError(modelName, what);
    }
  }
}
