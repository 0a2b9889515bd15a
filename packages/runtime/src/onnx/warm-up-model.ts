// The model the runtime warms up with (a session thread's first session, the emulator's cold-path warm-up):
// the model registry's add_sub_onnx (OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 − INPUT1, float32[4]),
// 239 bytes, serialised here so that the runtime carries no model-building code. Any valid model does; this
// one exercises the same kernels the fleets use.
import { modelConfigText } from "@mme/core/triton";

const ADD_SUB_ONNX_BASE64 =
  "CAgSEm1tZS1tb2RlbC1yZWdpc3RyeRoBMTIaYWRkX3N1YiB2YXJpYW50IDIzOTUzODU4NDk6sQEKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDAaBUFkZF8wIgNBZGQKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDEaBVN1Yl8xIgNTdWISB2FkZF9zdWJaFAoGSU5QVVQwEgoKCAgBEgQKAggEWhQKBklOUFVUMRIKCggIARIECgIIBGIVCgdPVVRQVVQwEgoKCAgBEgQKAggEYhUKB09VVFBVVDESCgoICAESBAoCCARCBAoAEA0=";

/** A fresh copy each call: the bytes are cloned into the thread's workerData. */
export function warmUpModel(): Uint8Array {
  return Buffer.from(ADD_SUB_ONNX_BASE64, "base64");
}

const tensor = (name: string) => ({ name, dataType: "TYPE_FP32", dims: [4] });

/** The warm-up model's `config.pbtxt` under `name`: the registry's add_sub_onnx config, renamed. */
export function warmUpModelConfig(name: string): string {
  return modelConfigText({
    name,
    platform: "onnxruntime_onnx",
    maxBatchSize: 0,
    inputs: [tensor("INPUT0"), tensor("INPUT1")],
    outputs: [tensor("OUTPUT0"), tensor("OUTPUT1")],
  });
}
