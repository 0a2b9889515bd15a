// Picks the backend for a model's config.pbtxt.
import { join } from "node:path";
import { backendOf } from "@mme/core/triton";
import { EnsembleBackend } from "../ensemble/ensemble-backend.js";
import { ModelLoadError, UnsupportedModelError } from "../errors.js";
import { readServableModel, type ServableModel } from "../model/locate-model.js";
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
    case "ensemble":
      return EnsembleBackend.load(modelName, model.config, (stepName) =>
        loadStep(stepName, model.repositoryDir, python),
      );
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

/** A step model: the folder of its name beside the ensemble, whose config names it so (as Triton requires). */
async function loadStep(stepName: string, repositoryDir: string, python: PythonBackendOptions) {
  const step = await readServableModel(join(repositoryDir, stepName)).catch((error: unknown) => {
    throw new ModelLoadError(
      `ensemble step '${stepName}': ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  if (step.config.name && step.config.name !== stepName)
    throw new ModelLoadError(
      `unexpected directory name '${stepName}' for model '${step.config.name}', directory name must equal model name`,
    );
  const backend = await createBackend(stepName, step, python);
  return { modelName: stepName, version: step.version, config: step.config, backend };
}
