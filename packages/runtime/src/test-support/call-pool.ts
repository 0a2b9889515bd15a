import type { Dispatcher, Pool } from "undici";
import type { TestJson } from "./fixtures.js";

/** One request on `pool`, its reply read whole: as bytes, as text, and as JSON where it parses. */
export async function callPool(
  pool: Pool,
  method: Dispatcher.HttpMethod,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  const res = await pool.request({ method, path, body: body ?? null, headers });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: TestJson;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.statusCode, headers: res.headers, bytes, text, json };
}
