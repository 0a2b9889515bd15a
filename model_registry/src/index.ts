export * from "./catalog.js";
export * from "./ensemble.js";
export * from "./fleet.js";
export * from "./model-folder.js";
export { type AddSubOnnxOptions, buildAddSubOnnx } from "./onnx/add-sub-onnx.js";
export { OnnxGraphBuilder } from "./onnx/graph-builder.js";
export {
  buildResNet,
  IMAGE_INPUT_NAME,
  IMAGE_OUTPUT_NAME,
  RESNET50_SPEC,
  type ResNetSpec,
  SMALL_IMAGE_SPEC,
} from "./onnx/resnet.js";
export { SeededRandom, seedFromString } from "./seeded-random.js";
export * from "./torch/torch-python.js";
export * from "./torch/triton-serve-pt.js";
