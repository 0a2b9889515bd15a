/** A KServe v2 payload (or a tensor in it) is malformed. Servers answer it with 400 and `{"error": message}`. */
export class KServeCodecError extends Error {
  override readonly name = "KServeCodecError";
  readonly status = 400;
}
