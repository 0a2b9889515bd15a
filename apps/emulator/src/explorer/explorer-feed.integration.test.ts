// The explorer's live feed over server-sent events, its guarded reset, and a shutdown that an open
// page does not hold up (the drain budget here is far beyond the test's timeout).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

let emulator: TestEmulator;
let workDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ drainTimeoutMs: 600_000 });
  workDir = await mkdtemp(join(tmpdir(), "mme-feed-"));
  await addModel(emulator.s3Client, {
    dir: await writeAddSubOnnx(workDir),
    tarballName: "m.tar.gz",
    modelDataUrl: "s3://mme-models/feed/",
  });
  await emulator.declareMultiModelEndpoint("feed", "s3://mme-models/feed/");
}, 60_000);

afterAll(async () => {
  await emulator?.stop(); // already stopped by the test when it passes; close() is idempotent
  await rm(workDir, { recursive: true, force: true });
});

/** Reads SSE frames from the stream until `until` returns true for one; resolves with all seen. */
async function readEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  until: (event: { type: string; data: Record<string, unknown> }) => boolean,
) {
  const decoder = new TextDecoder();
  let buffer = "";
  const seen: { type: string; data: Record<string, unknown> }[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return seen;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.+)$/m.exec(frame)?.[1];
      const data = /^data: (.+)$/m.exec(frame)?.[1];
      if (type && data) {
        const event = { type, data: JSON.parse(data) as Record<string, unknown> };
        seen.push(event);
        if (until(event)) return seen;
      }
      end = buffer.indexOf("\n\n");
    }
  }
}

it("pushes each load as an activity event and the new state; a reset is announced; close() is not held up", async () => {
  const response = await fetch(`${emulator.url}/_mme/events`);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  await readEvents(reader, (e) => e.type === "state");
  await emulator.runtimeClient().send(
    new InvokeEndpointCommand({
      EndpointName: "feed",
      TargetModel: "m.tar.gz",
      ContentType: "application/json",
      Body: JSON.stringify(ADD_SUB_REQUEST),
    }),
  );
  const seen = await readEvents(
    reader,
    (e) => e.type === "state" && JSON.stringify(e.data).includes('"tier":"memory"'),
  );
  expect(seen.filter((e) => e.type === "activity").map((e) => e.data.kind)).toEqual(["download", "load"]);

  const reset = await fetch(`${emulator.url}/_mme/reset`, { method: "POST" });
  expect(reset.status).toBe(200);
  expect(await reset.json()).toEqual({ reset: ["feed"] });
  const afterReset = await readEvents(reader, (e) => e.type === "activity" && e.data.kind === "reset");
  expect(afterReset.filter((e) => e.type === "activity").map((e) => e.data.kind)).toEqual([
    "unload",
    "disk-evict",
    "reset",
  ]);

  await emulator.stop();
  // The feed ends (whatever was still buffered is read first); a feed that stayed open would time out here.
  await readEvents(reader, () => false).catch(() => []);
}, 60_000);
