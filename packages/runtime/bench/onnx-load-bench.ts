// Figures for ONNX session loads (not a test):
//   node --conditions=source --import tsx packages/runtime/bench/onnx-load-bench.ts [models] [churn rounds]
// Loads `models` distinct add_sub_onnx variants one after another into one EmbeddedRuntime, then unloads and
// reloads them (the churn pattern), and prints load-time percentiles and process RSS per loaded model as JSON.
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { addSubOnnxModel, fleetModelName, seedFromString, writeModelFolder } from "@mme/model-registry";
import { pino } from "pino";
import { EmbeddedRuntime } from "../src/index.js";

const MODELS = Number(process.argv[2] ?? 30);
const CHURN_ROUNDS = Number(process.argv[3] ?? 5);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50_ms: +percentile(sorted, 50).toFixed(2), p90_ms: +percentile(sorted, 90).toFixed(2) };
}

const dir = await mkdtemp(join(tmpdir(), "mme-onnx-load-"));
const runtime = new EmbeddedRuntime({ logger: pino({ level: "silent" }) });
try {
  const folders: string[] = [];
  for (let i = 0; i < MODELS; i++) {
    const name = fleetModelName("add_sub_onnx", i);
    folders.push(await writeModelFolder(dir, addSubOnnxModel({ name, seed: seedFromString(name) })));
  }
  const load = async (i: number) => {
    const started = performance.now();
    const reply = await runtime.load(`m${i}`, folders[i]!);
    if (reply.status !== 200) throw new Error(`load ${i}: ${reply.status}`);
    return performance.now() - started;
  };
  const rssStart = process.memoryUsage().rss;
  const first: number[] = [];
  for (let i = 0; i < MODELS; i++) first.push(await load(i));
  const rssLoaded = process.memoryUsage().rss;
  // Churn: unload one, load one, over and over, with one model loaded at a time.
  for (let i = 0; i < MODELS; i++) await runtime.unload(`m${i}`);
  const churn: number[] = [];
  const rssAfterRound: number[] = [];
  for (let round = 0; round < CHURN_ROUNDS; round++) {
    for (let i = 0; i < MODELS; i++) {
      churn.push(await load(i));
      await runtime.unload(`m${i}`);
    }
    rssAfterRound.push(process.memoryUsage().rss);
  }
  console.log(
    JSON.stringify(
      {
        models: MODELS,
        load1: +loadavg()[0]!.toFixed(2),
        first_loads: summary(first),
        churn_loads: summary(churn),
        rss_per_loaded_model_mib: +((rssLoaded - rssStart) / MODELS / 2 ** 20).toFixed(2),
        // Growth from the end of the first churn round to the end of the last: a leak per load shows here.
        rss_growth_over_churn_mib: +((rssAfterRound.at(-1)! - rssAfterRound[0]!) / 2 ** 20).toFixed(1),
        churn_loads_measured: churn.length,
      },
      null,
      2,
    ),
  );
} finally {
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
}
