// `node benchmarks/dist/cold-steps/main.js [--models 30] [--json]`: the steps of a small model's cold start,
// each timed alone in one process (no HTTP in front, no other load of its own), so that the bench's
// cold-start figure can be read against them: fetching the archive from the embedded S3 (over HTTP with the
// AWS SDK, as the emulator did before, and straight from its store, as it does now), extracting it, the
// runtime's load (Triton layout, config.pbtxt, the ONNX session on a warm thread) and the first inference.
// And the floors the emulator pays once, not per model: a session thread's start (a Worker and onnxruntime's
// load) and onnxruntime's first session in it. p50 and min over the models after the first five.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import { startEmbeddedS3 } from "@mme/emulator";
import { EmbeddedS3ModelSource, safeExtract } from "@mme/platform";
import { EmbeddedRuntime, sessionThreads } from "@mme/runtime";
import { payloadFor } from "../load/payload-for.js";
import { fleetTarballs } from "../models/fleet-tarballs.js";
import { latencyStats } from "../report/stats.js";

const WARMUP = 5;
const BUCKET = LOCAL_PROFILE.bucketName;
const ORT_PATH = createRequire(createRequire(import.meta.url).resolve("@mme/runtime")).resolve(
  "onnxruntime-node",
);

type Timings = Record<string, number[]>;

function timer(into: Timings) {
  return async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    into[step] ??= [];
    into[step].push(performance.now() - started);
    return value;
  };
}

/** A fresh Worker that loads onnxruntime, then creates two sessions of `model`: each phase's ms. */
function threadFloor(model: Uint8Array): Promise<Record<string, number>> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const { performance } = require("node:perf_hooks");
    const started = performance.now();
    const ort = require(workerData.ortPath);
    const loaded = performance.now();
    (async () => {
      const options = { intraOpNumThreads: 1, interOpNumThreads: 1 };
      await ort.InferenceSession.create(workerData.model, options);
      const first = performance.now();
      await ort.InferenceSession.create(workerData.model, options);
      const second = performance.now();
      parentPort.postMessage({ startedAt: performance.timeOrigin + started,
        require: loaded - started, first: first - loaded, second: second - first });
    })();`;
  const created = performance.timeOrigin + performance.now();
  const worker = new Worker(code, { eval: true, workerData: { ortPath: ORT_PATH, model } });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (m: { startedAt: number; require: number; first: number; second: number }) => {
      void worker.terminate();
      resolve({
        "thread start (Worker to its first line)": m.startedAt - created,
        "onnxruntime load in the thread": m.require,
        "onnxruntime's first session in the thread": m.first,
        "the next session": m.second,
      });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { models: { type: "string", default: "30" }, json: { type: "boolean", default: false } },
  });
  const count = Number(values.models);
  if (!Number.isInteger(count) || count <= WARMUP) {
    console.error(`mme cold-steps: --models must be an integer above ${WARMUP}, e.g. --models 30`);
    process.exit(2);
  }
  const progress = (message: string) => {
    if (!values.json) console.error(`[cold-steps] ${message}`);
  };
  const dir = await mkdtemp(join(tmpdir(), "mme-cold-steps-"));
  const s3 = await startEmbeddedS3({
    host: "127.0.0.1",
    port: 0,
    directory: join(dir, "s3"),
    buckets: [BUCKET],
  });
  const client = createS3Client({
    endpoint: s3.url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  const runtime = new EmbeddedRuntime({ warmOnnxThread: true });
  try {
    progress(`uploading ${count} add_sub_onnx models`);
    const tarballs = await fleetTarballs(count);
    for (const [i, tarball] of tarballs.entries()) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `m${i}.tar.gz`, Body: tarball }));
    }
    const source = new EmbeddedS3ModelSource(s3);
    const payload = payloadFor("add_sub_onnx");
    const perModel: Timings = {};
    const time = timer(perModel);
    for (let i = 0; i < count; i++) {
      const key = `m${i}.tar.gz`;
      await time("S3 GET over HTTP (AWS SDK → s3rver)", async () => {
        const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        return answer.Body?.transformToByteArray();
      });
      const bytes = await time("store read in-process", async () => {
        const body = await source.download({ bucket: BUCKET, key });
        return body instanceof Uint8Array ? body : buffer(body);
      });
      const modelDir = join(dir, "models", `m${i}`, "model");
      await time("extract streamed (gunzip + untar, staged)", () =>
        safeExtract(Readable.from([bytes]), join(dir, "streamed", `m${i}`, "model")),
      );
      await time("extract in memory (one pass, staged)", () => safeExtract(bytes, modelDir));
      const loaded = await time("runtime load (layout, config, session)", () =>
        runtime.load(`m${i}`, modelDir),
      );
      if (loaded.status !== 200) throw new Error(`load of m${i} answered ${loaded.status}`);
      const reply = await time("first inference", () =>
        runtime.invoke(`m${i}`, payload.body, payload.headers),
      );
      if (reply.status !== 200) throw new Error(`first inference of m${i} answered ${reply.status}`);
      progress(`model ${i + 1}/${count}`);
    }
    const floors: Timings = {};
    const onnxFile = await onnxFileOf(join(dir, "models", "m0", "model"));
    for (let i = 0; i < 5; i++) {
      progress(`thread floor ${i + 1}/5`);
      const phases = await threadFloor(onnxFile);
      for (const [step, ms] of Object.entries(phases)) floors[step] = [...(floors[step] ?? []), ms];
    }
    const steps = Object.entries(perModel).map(([step, ms]) => ({ step, ...summary(ms.slice(WARMUP)) }));
    const once = Object.entries(floors).map(([step, ms]) => ({ step, ...summary(ms) }));
    if (values.json) {
      console.log(JSON.stringify({ models: count, warmup: WARMUP, perModel: steps, floors: once }, null, 2));
      return;
    }
    console.log(
      `\n| per model (${count - WARMUP} models after ${WARMUP}) | p50 ms | min ms |\n|---|---|---|`,
    );
    for (const row of steps) console.log(`| ${row.step} | ${row.p50} | ${row.min} |`);
    console.log("\n| once per session thread (5 threads) | p50 ms | min ms |\n|---|---|---|");
    for (const row of once) console.log(`| ${row.step} | ${row.p50} | ${row.min} |`);
  } finally {
    client.destroy();
    await runtime.close();
    await sessionThreads.closeAll();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function onnxFileOf(modelDir: string): Promise<Uint8Array> {
  const [name] = await readdir(modelDir);
  return readFile(join(modelDir, name!, "1", "model.onnx"));
}

function summary(ms: number[]): { p50: string; min: string } {
  const stats = latencyStats(ms);
  return { p50: stats.p50.toFixed(2), min: stats.min.toFixed(2) };
}

await main();
