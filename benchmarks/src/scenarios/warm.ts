// One loaded model under steady load at several connection counts, through the emulator and, in the
// same run, straight to the container: the emulator's overhead as a ratio and in µs per request.

import { dirname } from "node:path";
import { runLoad } from "../load/autocannon-run.js";
import { type PairedLoad, runPairedStableLoad } from "../load/paired-stable-load.js";
import { payloadFor } from "../load/payload-for.js";
import type { WindowFigures } from "../load/stability.js";
import { runStableLoad } from "../load/stable-closed-loop.js";
import type { LoadRun, RatesResult, WarmComparison, WarmResult } from "../report/schema.js";
import type { ScenarioContext } from "./context.js";
import { rateSweep } from "./rates.js";

const DIRECT_MODEL_NAME = "bench_direct_warm";

function withoutDirect(connections: number, emulator: LoadRun): WarmComparison {
  return {
    connections,
    emulator,
    direct: null,
    throughputRatio: null,
    p50Ratio: null,
    overheadMicros: null,
    addedServiceMicros: null,
  };
}

/** A figure the report can hold: a side that answered nothing leaves a ratio or a difference undefined. */
const finite = (n: number) => (Number.isFinite(n) ? n : null);

function compare(connections: number, paired: PairedLoad): WarmComparison {
  const { a: emulator, b: direct } = paired;
  return {
    connections,
    emulator,
    direct,
    throughputRatio: finite(paired.throughputRatio),
    p50Ratio: direct.latencyMs.p50 > 0 ? emulator.latencyMs.p50 / direct.latencyMs.p50 : null,
    overheadMicros: finite(paired.overheadMicros),
    addedServiceMicros: finite(paired.addedServiceMicros),
    rounds: paired.rounds.map((round) => ({
      throughputRatio: finite(round.throughputRatio),
      overheadMicros: finite(round.overheadMicros),
      addedServiceMicros: finite(round.addedServiceMicros),
    })),
  };
}

export async function warm(ctx: ScenarioContext): Promise<WarmResult | RatesResult> {
  const kind = ctx.settings.model ?? "add_sub_onnx";
  const key = `${ctx.runId}/warm/${kind}.tar.gz`;
  await ctx.store.put(key, await ctx.artifacts.tarball(kind));
  const payload = payloadFor(kind);
  const first = await ctx.emulator.invoke(key, payload);
  if (first.error) throw new Error(`warm-up request failed: ${first.error}`);
  if (ctx.settings.openLoop) {
    return rateSweep(ctx, {
      of: "warm",
      model: kind,
      endpointName: ctx.emulator.endpointName,
      keys: [key],
      payload,
      traffic: { kind: "uniform" },
      trace: null,
    });
  }

  const signed = await ctx.emulator.loadHeaders(payload, [key]);
  const emulatorStep = {
    url: ctx.emulator.invocationsUrl(),
    headers: signed.headersFor(key),
    body: payload.body,
  };
  let directStep: typeof emulatorStep | null = null;
  if (ctx.direct) {
    // The repository holding the model folder, as the platform passes an extracted tarball's folder.
    const folder = ctx.directModelDir ?? dirname(await ctx.artifacts.folder(kind));
    await ctx.direct.load(DIRECT_MODEL_NAME, folder, key);
    directStep = {
      url: ctx.direct.invokeUrl(DIRECT_MODEL_NAME),
      headers: ctx.direct.headers(payload, key),
      body: payload.body,
    };
  }
  // Both paths get the same short warm-up, so neither pays for JIT or connection set-up in its figures.
  for (const step of [emulatorStep, directStep]) {
    if (step) await runLoad({ ...step, connections: 2, durationS: 0, amount: 200 });
  }

  const runs: WarmComparison[] = [];
  const { windows } = ctx.settings;
  const onWindow = (what: string) => (index: number, f: WindowFigures) =>
    ctx.progress(
      `${what}: window ${index + 1}: ${f.throughput.toFixed(0)} req/s, mean ${f.latencyMs.toFixed(2)} ms`,
    );
  for (const connections of ctx.settings.connections) {
    const what = (side: string) => `warm ${kind}: ${side}, ${connections} connections`;
    // Headers taken afresh per step: against SageMaker, a signature a minute old at most.
    const emulatorAt = { ...emulatorStep, headers: signed.headersFor(key), connections };
    if (!directStep) {
      ctx.progress(
        `${what("emulator")}: windows of ${windows.windowS} s until 3 agree, up to ${windows.limitS} s`,
      );
      const emulator = await runStableLoad(emulatorAt, windows, onWindow(what("emulator")));
      runs.push(withoutDirect(connections, emulator));
      ctx.progress(`warm ${kind} @${connections}: emulator ${emulator.requestsPerSec.toFixed(0)} req/s`);
      continue;
    }
    ctx.progress(
      `${what("emulator and direct")}: alternating windows of ${windows.windowS} s until 3 of each agree, up to ${windows.limitS} s a side`,
    );
    const paired = await runPairedStableLoad(
      emulatorAt,
      { ...directStep, connections },
      windows,
      (index, emulator, direct) =>
        ctx.progress(
          `${what("emulator | direct")}: round ${index + 1}: ${emulator.throughput.toFixed(0)} | ${direct.throughput.toFixed(0)} req/s, ` +
            `mean ${emulator.latencyMs.toFixed(3)} | ${direct.latencyMs.toFixed(3)} ms`,
        ),
    );
    const comparison = compare(connections, paired);
    runs.push(comparison);
    ctx.progress(
      `warm ${kind} @${connections}: emulator ${paired.a.requestsPerSec.toFixed(0)} req/s, direct ` +
        `${paired.b.requestsPerSec.toFixed(0)} req/s, ratio ${paired.throughputRatio.toFixed(2)} (median of rounds), ` +
        `+${paired.overheadMicros.toFixed(0)} µs/req`,
    );
  }
  await signed.stop();
  return { scenario: "warm", model: kind, runs };
}
