// The registry's models as in-memory file sets, ready for writeModel/packModelTarball.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { modelConfigText } from "@mme/core/triton";
import type { ModelFiles } from "./model-folder.js";
import { buildAddSubOnnx } from "./onnx/add-sub-onnx.js";
import {
  buildResNet,
  IMAGE_INPUT_NAME,
  IMAGE_OUTPUT_NAME,
  RESNET50_SPEC,
  type ResNetSpec,
  SMALL_IMAGE_SPEC,
} from "./onnx/resnet.js";
import { tritonServePtModel } from "./torch/triton-serve-pt.js";

/** `triton-serve-pt` needs torch to generate (see ./torch/triton-serve-pt.ts); the others need nothing. */
export const MODEL_KINDS = ["add_sub_onnx", "add_sub", "resnet50", "small_image", "triton-serve-pt"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** model_registry/ (this file sits one level below it, in src/ or dist/). */
export const REGISTRY_ROOT = fileURLToPath(new URL("..", import.meta.url));

export const RESNET50_SEED = 50;
export const SMALL_IMAGE_SEED = 7;
export const IMAGE_MAX_BATCH_SIZE = 8;

export interface ModelOptions {
  /** Model (and folder) name; defaults to the kind. */
  name?: string;
  /** Weight seed (image models) or variant tag (add_sub_onnx); defaults give the canonical model. */
  seed?: number;
}

export function addSubOnnxModel(options: ModelOptions = {}): ModelFiles {
  const name = options.name ?? "add_sub_onnx";
  const io = (n: string) => ({ name: n, dataType: "TYPE_FP32", dims: [4] });
  return {
    name,
    files: {
      "config.pbtxt": modelConfigText({
        name,
        platform: "onnxruntime_onnx",
        maxBatchSize: 0,
        inputs: [io("INPUT0"), io("INPUT1")],
        outputs: [io("OUTPUT0"), io("OUTPUT1")],
      }),
      "1/model.onnx": buildAddSubOnnx(options.seed === undefined ? {} : { variant: String(options.seed) }),
    },
  };
}

function imageModel(name: string, spec: ResNetSpec, seed: number): ModelFiles {
  return {
    name,
    files: {
      "config.pbtxt": modelConfigText({
        name,
        platform: "onnxruntime_onnx",
        maxBatchSize: IMAGE_MAX_BATCH_SIZE,
        inputs: [{ name: IMAGE_INPUT_NAME, dataType: "TYPE_FP32", dims: [3, 224, 224] }],
        outputs: [{ name: IMAGE_OUTPUT_NAME, dataType: "TYPE_FP32", dims: [spec.classes] }],
      }),
      "1/model.onnx": buildResNet(spec, seed, `${name} seed ${seed}`),
    },
  };
}

/** ResNet-50 v1.5, ~102 MB. */
export function resnet50Model(options: ModelOptions = {}): ModelFiles {
  return imageModel(options.name ?? "resnet50", RESNET50_SPEC, options.seed ?? RESNET50_SEED);
}

/** Same I/O as resnet50, ~150 KB. */
export function smallImageModel(options: ModelOptions = {}): ModelFiles {
  return imageModel(options.name ?? "small_image", SMALL_IMAGE_SPEC, options.seed ?? SMALL_IMAGE_SEED);
}

/** model_registry/add_sub/config.pbtxt (Python backend, FP32 [4] in and out), named `name`. */
export function addSubConfigText(name = "add_sub"): string {
  const config = readFileSync(join(REGISTRY_ROOT, "add_sub", "config.pbtxt"), "utf8");
  return config.replace(/^name:\s*"[^"]*"/m, `name: "${name}"`);
}

/** The Python-backend add_sub from model_registry/add_sub, renamed when `name` is given. */
export async function addSubPythonModel(options: ModelOptions = {}): Promise<ModelFiles> {
  const source = join(REGISTRY_ROOT, "add_sub");
  const name = options.name ?? "add_sub";
  return {
    name,
    files: {
      "config.pbtxt": addSubConfigText(name),
      "1/model.py": await readFile(join(source, "1", "model.py")),
    },
  };
}

export async function modelOfKind(kind: ModelKind, options: ModelOptions = {}): Promise<ModelFiles> {
  switch (kind) {
    case "add_sub_onnx":
      return addSubOnnxModel(options);
    case "add_sub":
      return addSubPythonModel(options);
    case "resnet50":
      return resnet50Model(options);
    case "small_image":
      return smallImageModel(options);
    case "triton-serve-pt":
      return tritonServePtModel(options);
  }
}
