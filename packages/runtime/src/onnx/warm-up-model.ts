// The model a session thread warms onnxruntime up with: the model registry's add_sub_onnx (OUTPUT0 = INPUT0 +
// INPUT1, OUTPUT1 = INPUT0 − INPUT1, float32[4]), 239 bytes, serialised here because the runtime cannot
// depend on the registry. Any valid model does; this one exercises the same kernels the fleets use.
const ADD_SUB_ONNX_BASE64 =
  "CAgSEm1tZS1tb2RlbC1yZWdpc3RyeRoBMTIaYWRkX3N1YiB2YXJpYW50IDIzOTUzODU4NDk6sQEKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDAaBUFkZF8wIgNBZGQKJQoGSU5QVVQwCgZJTlBVVDESB09VVFBVVDEaBVN1Yl8xIgNTdWISB2FkZF9zdWJaFAoGSU5QVVQwEgoKCAgBEgQKAggEWhQKBklOUFVUMRIKCggIARIECgIIBGIVCgdPVVRQVVQwEgoKCAgBEgQKAggEYhUKB09VVFBVVDESCgoICAESBAoCCARCBAoAEA0=";

/** A fresh copy each call: the bytes are cloned into the thread's workerData. */
export function warmUpModel(): Uint8Array {
  return Buffer.from(ADD_SUB_ONNX_BASE64, "base64");
}
