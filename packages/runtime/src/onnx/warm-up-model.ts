// The model the runtime warms up with (a session thread's first session, the emulator's cold-path warm-up):
// the model registry's add_sub_onnx (OUTPUT0 = INPUT0 + INPUT1, OUTPUT1 = INPUT0 − INPUT1, float32[4]),
// 239 bytes, serialised here because the runtime cannot depend on the registry. Any valid model does; this
// one exercises the same kernels the fleets use.
const ADD_SUB_ONNX_BASE64 =
  "CAgSEm1tZS1tb2RlbC1yZWdpc3RyeRoBMTIaYWRkX3N1YiB2YXJpYW50IDIzOTUzODU4NDk6sQEKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDAaBUFkZF8wIgNBZGQKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDEaBVN1Yl8xIgNTdWISB2FkZF9zdWJaFAoGSU5QVVQwEgoKCAgBEgQKAggEWhQKBklOUFVUMRIKCggIARIECgIIBGIVCgdPVVRQVVQwEgoKCAgBEgQKAggEYhUKB09VVFBVVDESCgoICAESBAoCCARCBAoAEA0=";

/** A fresh copy each call: the bytes are cloned into the thread's workerData. */
export function warmUpModel(): Uint8Array {
  return Buffer.from(ADD_SUB_ONNX_BASE64, "base64");
}

const tensor = (name: string) => `  {\n    name: "${name}"\n    data_type: TYPE_FP32\n    dims: [ 4 ]\n  }`;

/** The warm-up model's `config.pbtxt` under `name`: the registry's add_sub_onnx config, renamed. */
export function warmUpModelConfig(name: string): string {
  return `name: "${name}"
platform: "onnxruntime_onnx"
max_batch_size: 0
input [
${tensor("INPUT0")},
${tensor("INPUT1")}
]
output [
${tensor("OUTPUT0")},
${tensor("OUTPUT1")}
]
instance_group [
  {
    count: 1
    kind: KIND_CPU
  }
]
`;
}
