// The image classifier at batch 1 and batch 8: throughput (requests and images per second) and latency.
// A model with an ONNX counterpart (triton-serve-pt) is measured, then the counterpart, in the same run.

import type { ModelKind } from "@mme/model-registry";
import { runLoad } from "../load/autocannon-run.js";
import { IMAGE_KINDS } from "../load/payload-for.js";
import { imagePayload } from "../load/payloads.js";
import { onnxCounterpartOf } from "../models/counterparts.js";
import type { ImageResult, ImageRun } from "../report/schema.js";
import type { ScenarioContext } from "./context.js";

const BATCHES = [1, 8];
const WARM_UP_REQUESTS = 3;

export async function images(ctx: ScenarioContext): Promise<ImageResult[]> {
  const chosen = ctx.settings.model;
  const kind =
    chosen && IMAGE_KINDS.includes(chosen) ? chosen : ctx.settings.quick ? "small_image" : "resnet50";
  const counterpart = onnxCounterpartOf(kind);
  const results = [await image(ctx, kind)];
  if (counterpart) results.push(await image(ctx, counterpart));
  return results;
}

async function image(ctx: ScenarioContext, kind: ModelKind): Promise<ImageResult> {
  const key = `${ctx.runId}/image/${kind}.tar.gz`;
  await ctx.store.put(key, await ctx.artifacts.tarball(kind));
  const runs: ImageRun[] = [];
  for (const batch of BATCHES) {
    const payload = imagePayload(batch);
    // Warm-up, the same for every model: TorchScript's profiling executor runs a new input shape
    // unoptimized twice before it specializes, so the third request is the first steady one.
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      const warmUp = await ctx.emulator.invoke(key, payload);
      if (warmUp.error) throw new Error(`${kind} batch ${batch} failed: ${warmUp.error}`);
    }
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
