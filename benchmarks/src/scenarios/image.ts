// The image classifier at batch 1 and batch 8: throughput (requests and images per second) and latency.

import { runLoad } from "../load/autocannon-run.js";
import { IMAGE_KINDS } from "../load/payload-for.js";
import { imagePayload } from "../load/payloads.js";
import type { ImageResult, ImageRun } from "../report/schema.js";
import type { ScenarioContext } from "./context.js";

const BATCHES = [1, 8];

export async function image(ctx: ScenarioContext): Promise<ImageResult> {
  const chosen = ctx.settings.model;
  const kind =
    chosen && IMAGE_KINDS.includes(chosen) ? chosen : ctx.settings.quick ? "small_image" : "resnet50";
  const key = `${ctx.runId}/image/${kind}.tar.gz`;
  await ctx.store.put(key, await ctx.artifacts.tarball(kind));
  const runs: ImageRun[] = [];
  for (const batch of BATCHES) {
    const payload = imagePayload(batch);
    const first = await ctx.emulator.invoke(key, payload);
    if (first.error) throw new Error(`${kind} batch ${batch} failed: ${first.error}`);
    const connections = ctx.settings.imageConnections;
    ctx.progress(`image ${kind}: batch ${batch}, ${connections} connections, ${ctx.settings.durationS} s`);
    const signed = await ctx.emulator.loadHeaders(payload, [key]);
    const { run } = await runLoad({
      url: ctx.emulator.invocationsUrl(),
      headers: signed.headersFor(key),
      body: payload.body,
      connections,
      durationS: ctx.settings.durationS,
    });
    await signed.stop();
    runs.push({
      ...run,
      batch,
      imagesPerSec: run.requestsPerSec * batch,
      requestBytes: payload.body.byteLength,
    });
  }
  return { scenario: "image", model: kind, runs };
}
