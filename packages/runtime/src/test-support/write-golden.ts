// Regenerates small-image.golden.json (run only when the small image model changes on purpose):
// node --conditions=source --import tsx packages/runtime/src/test-support/write-golden.ts
import { writeFileSync } from "node:fs";
import { EmbeddedRuntime } from "../embedded-runtime.js";
import { binaryImageRequest, binaryResponse, tempDir, writeKind } from "./fixtures.js";
import { GOLDEN_FILE, summarize } from "./golden.js";

const dir = await tempDir();
const runtime = new EmbeddedRuntime();
await runtime.load("small_image", await writeKind(dir.path, "small_image"));
const golden: Record<string, unknown> = {};
for (const batch of [1, 4]) {
  const { body, headers } = binaryImageRequest(batch);
  const reply = await runtime.invoke("small_image", body, headers);
  const { values } = binaryResponse(reply.body, Number(reply.headers["inference-header-content-length"]));
  golden[`batch${batch}`] = summarize(values, batch);
}
writeFileSync(GOLDEN_FILE, `${JSON.stringify(golden, null, 2)}\n`);
await runtime.close();
await dir.remove();
console.log(`wrote ${GOLDEN_FILE.pathname}`);
