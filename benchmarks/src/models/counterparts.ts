// Models benchmarked side by side with an ONNX Runtime counterpart of the same architecture and I/O:
// `--model triton-serve-pt` (TorchScript ResNet-50) also measures resnet50 (ONNX ResNet-50) in the same
// run, so the report can say TorchScript ÷ ONNX Runtime on the same machine under the same load.
import type { ModelKind } from "@mme/model-registry";

export const ONNX_COUNTERPART: Partial<Record<ModelKind, ModelKind>> = { "triton-serve-pt": "resnet50" };

export function onnxCounterpartOf(kind: ModelKind | null): ModelKind | undefined {
  return kind ? ONNX_COUNTERPART[kind] : undefined;
}
