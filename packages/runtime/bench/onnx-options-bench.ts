// Which onnxruntime session options suit ResNet-50 on this box (not a test):
//   node --conditions=source --import tsx packages/runtime/bench/onnx-options-bench.ts [rounds]
// Each variant runs on the main thread with plain onnxruntime-node (the options act the same inside our
// worker threads). Per inference: best-of-rounds wall p50 and CPU time (all threads of the process), at
// batch 1 and 8. CPU time is the steadier figure on a shared machine; the 1-minute load average is printed
// beside each so runs disturbed by other work can be told apart.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { percentile, sortedAscending } from "@mme/core/metrics";
import type { TritonModelConfig } from "@mme/core/triton";
import { resnet50Model } from "@mme/model-registry";
import * as ort from "onnxruntime-node";
import { onnxSessionOptions } from "../src/onnx/session-options.js";

const ROUNDS = Number(process.argv[2] ?? 3);
const ITERATIONS = Number(process.env.BENCH_RESNET_ITERATIONS ?? 10);
const cores = availableParallelism();
const spinning = { session: { intra_op: { allow_spinning: "1" } } };
const ours = onnxSessionOptions(
  "resnet50",
  { instanceGroups: [{ count: 1 }], parameters: {} } as unknown as TritonModelConfig,
  cores,
);

const variants: Record<string, ort.InferenceSession.SessionOptions> = {
  "before: intra=cores, spinning": { intraOpNumThreads: cores, interOpNumThreads: 1 },
  "after: onnxSessionOptions (intra=cores, no spinning)": ours,
  "intra=1": { ...ours, intraOpNumThreads: 1 },
  "intra=cores, spinning, arena off": { ...ours, extra: spinning, enableCpuMemArena: false },
  "graph optimization basic": { ...ours, graphOptimizationLevel: "basic" },
};

function median(values: number[]) {
  return percentile(sortedAscending(values), 50);
}

async function measure(session: ort.InferenceSession, batch: number) {
  const data = new Float32Array(batch * 3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
  const feeds = { INPUT__0: new ort.Tensor("float32", data, [batch, 3, 224, 224]) };
  await session.run(feeds);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await session.run(feeds);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    wall_p50_ms: +median(wall).toFixed(1),
    cpu_p50_ms: +median(cpu).toFixed(1),
    load1: +loadavg()[0]!.toFixed(1),
  };
}

type Figure = Awaited<ReturnType<typeof measure>>;
const root = await mkdtemp(join(tmpdir(), "mme-onnx-options-"));
const best: Record<string, Record<string, Figure>> = {};
try {
  const file = join(root, "model.onnx");
  await writeFile(file, resnet50Model().files["1/model.onnx"] as Uint8Array);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, options] of Object.entries(variants)) {
      const session = await ort.InferenceSession.create(file, options);
      for (const batch of [1, 8]) {
        const figure = await measure(session, batch);
        const key = `batch${batch}`;
        best[label] ??= {};
        if (!best[label][key] || figure.wall_p50_ms < best[label][key].wall_p50_ms) best[label][key] = figure;
      }
      await session.release();
    }
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
console.log(JSON.stringify({ cores, rounds: ROUNDS, iterations: ITERATIONS, best_of_rounds: best }, null, 2));
