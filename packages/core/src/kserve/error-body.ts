/** The KServe v2 error body, `{"error": message}`, as UTF-8 JSON. */
export function kserveErrorBody(message: string): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ error: message }));
}
