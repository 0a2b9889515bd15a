// A tiny ONNX model's whole cold path, run a few times at start-up through a cache of its own: archive →
// extraction → Triton layout and config.pbtxt → ONNX session → first inference → unload. V8 compiles code
// only once it has run a while, so without this the first dozen cold starts a user sees run the cold path
// as bytecode (tar, the pbtxt parser, the cache, the codec) and take 2–5× as long as later ones. Nothing
// here is visible outside: its own runtime (sharing the process's ONNX session threads), its own folder,
// and cache events under a scope no one watches.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { ModelContainer } from "@mme/core/container";
import { pino } from "pino";
import { create as createTar } from "tar";
import { createContainer } from "../containers/create-container.js";
import { ModelCache } from "./model-cache.js";

/** Rounds that bring the cold path's hot functions to V8's optimising tier on this project's models. */
const COLD_PATH_WARM_UP_ROUNDS = 16;

const MODEL = "mme_warm_up";
const REQUEST = new TextEncoder().encode(
  JSON.stringify({
    inputs: ["INPUT0", "INPUT1"].map((name) => ({ name, datatype: "FP32", shape: [4], data: [1, 2, 3, 4] })),
  }),
);

export interface ColdPathWarmUp {
  /** Rounds that loaded, answered and unloaded the model. */
  rounds: number;
  ms: number;
  /** Why it stopped before its last round, when something failed (not when its signal aborted). */
  failure?: string;
}

/**
 * Runs the cold path `rounds` times in `workDir` (created, then removed), yielding to the event loop
 * between rounds; stops early when `signal` aborts or a round fails (the first real cold start then pays
 * what is left, nothing else changes).
 */
export async function warmColdPath(
  workDir: string,
  options: { rounds?: number; signal?: AbortSignal } = {},
): Promise<ColdPathWarmUp> {
  const started = performance.now();
  const rounds = options.rounds ?? COLD_PATH_WARM_UP_ROUNDS;
  let done = 0;
  let failure: string | undefined;
  let container: ModelContainer | undefined;
  let cache: ModelCache | undefined;
  try {
    rmSync(workDir, { recursive: true, force: true });
    const archive = await warmUpArchive(join(workDir, "archive"));
    container = await createContainer({ kind: "embedded", options: { logger: pino({ level: "silent" }) } });
    cache = new ModelCache({
      source: { download: async () => archive },
      container,
      rootDir: join(workDir, "models"),
      diskBytes: 2 ** 30,
      memoryBytes: 2 ** 30,
      maxLoadedModels: 1,
      origin: { scope: {}, variantName: "warm-up", instanceId: "warm-up" },
    });
    for (; done < rounds && !options.signal?.aborted; done++) {
      const key = `${MODEL}_${done}.tar.gz`;
      const { lease } = await cache.acquire({ endpointName: MODEL, targetModel: key, bucket: MODEL, key });
      try {
        const answer = await container.invoke(lease.containerModelName, REQUEST, {
          "content-type": "application/json",
        });
        if (answer.status !== 200) {
          failure = `the warm-up model answered ${answer.status}: ${Buffer.from(answer.body).toString("utf8")}`;
          break;
        }
      } finally {
        lease.release();
      }
      await nextTurn();
    }
  } catch (error) {
    // A warm-up that cannot run leaves the first cold starts as they were; the real ones report errors.
    failure = (error as Error).message ?? String(error);
  } finally {
    await cache?.close().catch(() => {});
    await container?.close().catch(() => {});
    await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const result: ColdPathWarmUp = { rounds: done, ms: performance.now() - started };
  if (failure !== undefined) result.failure = failure;
  return result;
}

/** The model as a .tar.gz laid out like the fleets' (`<name>/config.pbtxt`, `<name>/1/model.onnx`). */
async function warmUpArchive(dir: string): Promise<Uint8Array> {
  const { warmUpModel, warmUpModelConfig } = await import("@mme/runtime");
  mkdirSync(join(dir, MODEL, "1"), { recursive: true });
  writeFileSync(join(dir, MODEL, "config.pbtxt"), warmUpModelConfig(MODEL));
  writeFileSync(join(dir, MODEL, "1", "model.onnx"), warmUpModel());
  const file = join(dir, "model.tar.gz");
  await createTar({ gzip: true, cwd: dir, file, portable: true }, [MODEL]);
  return readFile(file);
}
