// The zero-setup stack `pnpm bench` starts by itself: the emulator (embedded S3 + in-process CPU
// runtime) with two endpoints of its own, and the runtime alone as an HTTP container for the warm
// scenario's direct comparison. Loopback ports the OS picks (read back from each program's ready
// line), data under os.tmpdir().

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LOCAL_PROFILE } from "@mme/core";
import { type ChildProgram, ChildProgramError, startChild } from "@mme/core/process";
import { addSubOnnxModel, fleetModelName, seedFromString } from "@mme/model-registry";
import type { ScaleEndpoint } from "../scenarios/context.js";
import { DirectContainer } from "./direct-container.js";
import { EmulatorClient } from "./emulator-client.js";
import { EMULATOR_READY_LINE, startUpWorkDone } from "./emulator-start-up.js";
import { localModelStore, type ModelStore } from "./model-store.js";
import { workspaceProgram } from "./repo-paths.js";

/** Bytes on disk of the largest fleet model (config + ONNX, as extracted): the scale disk tier's unit. */
function fleetModelDiskBytes(): number {
  const model = addSubOnnxModel({ name: fleetModelName("add_sub_onnx", 99_999), seed: seedFromString("x") });
  return Object.values(model.files).reduce(
    (sum, contents) =>
      sum + (typeof contents === "string" ? Buffer.byteLength(contents) : contents.byteLength),
    0,
  );
}

export const BENCH_ENDPOINT = "mme-bench";
export const CHURN_ENDPOINT = "mme-bench-churn";
export const SCALE_ENDPOINT = "mme-bench-scale";
/** The ModelDataUrl of the embedded stack's endpoints. */
export const MODEL_DATA_URL = `s3://${LOCAL_PROFILE.bucketName}/bench/`;
const START_TIMEOUT_MS = 90_000;

export interface EmbeddedStack {
  emulator: EmulatorClient;
  /** The emulator's embedded S3. */
  s3EndpointUrl: string;
  emulatorPid: number;
  churnEndpointName: string;
  scaleEndpoint: ScaleEndpoint;
  store: ModelStore;
  direct: DirectContainer;
  /** Why the emulator or the runtime is gone, or null while both run. */
  exitReport(): string | null;
  stop(): Promise<void>;
}

export interface EmbeddedStackOptions {
  workDir: string;
  /** The churn endpoint's memory budget, in models (K); the main endpoint keeps the default budget. */
  churnCapacity: number;
  /** The scale endpoint's memory and disk tiers, in models. */
  scaleTiers: { memoryModels: number; diskModels: number };
  /** Where the emulator writes a CPU profile (`node --cpu-prof`) when it stops; none when unset. */
  cpuProfileDir?: string;
  progress(message: string): void;
}

interface StatusView {
  endpoints?: { endpointName: string; endpointStatus: string }[];
}

async function waitForEndpoints(baseUrl: string, names: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = (await fetch(`${baseUrl}/mme/status`).then(
      (r) => (r.ok ? r.json() : null),
      () => null,
    )) as StatusView | null;
    const list = status?.endpoints ?? [];
    if (names.every((n) => list.some((e) => e.endpointName === n && e.endpointStatus === "InService")))
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new ChildProgramError(`endpoints ${names.join(", ")} not InService after ${timeoutMs} ms`);
}

function forwardColdTimelines(emulator: ChildProgram): void {
  emulator.child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.startsWith("mme-cold-trace ")) process.stderr.write(`${line}\n`);
    }
  });
}

export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const endpointsFile = join(options.workDir, "endpoints.json");
  await writeFile(
    endpointsFile,
    JSON.stringify({
      endpoints: [
        { EndpointName: BENCH_ENDPOINT, ModelDataUrl: MODEL_DATA_URL },
        {
          EndpointName: CHURN_ENDPOINT,
          ModelDataUrl: MODEL_DATA_URL,
          Environment: { MME_MAX_LOADED_MODELS: String(options.churnCapacity) },
        },
        {
          EndpointName: SCALE_ENDPOINT,
          ModelDataUrl: MODEL_DATA_URL,
          Environment: {
            MME_MAX_LOADED_MODELS: String(options.scaleTiers.memoryModels),
            // Room for the count above at 16 MiB each: the count is the bound that binds.
            MME_CACHE_MEMORY_BYTES: String(options.scaleTiers.memoryModels * 16 * 2 ** 20),
            // Every fleet model is at most this size, and fleet names differ in digits only: exactly N fit.
            MME_CACHE_DISK_BYTES: String(options.scaleTiers.diskModels * fleetModelDiskBytes()),
          },
        },
      ],
    }),
  );
  const children: ChildProgram[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    options.progress("starting the emulator (embedded S3, in-process runtime) and the runtime alone");
    const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const emulator = startChild("emulator", [
      ...profile,
      ...workspaceProgram("apps/emulator", "main"),
      ...["--host", "127.0.0.1", "--port", "0", "--s3-port", "0"],
      ...["--data-dir", join(options.workDir, "emulator-data"), "--config", endpointsFile],
      ...["--create-delay-ms", "0", "--no-seed", "--no-default-endpoint", "--log-level", "warn"],
    ]);
    children.push(emulator);
    // MME_TRACE_COLD (inherited by the emulator): its cold-request timelines, passed on as they come.
    if (process.env.MME_TRACE_COLD) forwardColdTimelines(emulator);
    const runtime = startChild("runtime", [...workspaceProgram("packages/runtime", "main"), "--port", "0"]);
    children.push(runtime);
    const [, baseUrl = "", s3Url = ""] = await emulator.waitForLine(EMULATOR_READY_LINE, START_TIMEOUT_MS);
    const [, runtimeUrl = ""] = await runtime.waitForLine(/listening on (http:\/\/\S+)/, START_TIMEOUT_MS);
    await startUpWorkDone(emulator, START_TIMEOUT_MS);
    await waitForEndpoints(baseUrl, [BENCH_ENDPOINT, CHURN_ENDPOINT, SCALE_ENDPOINT], 30_000);
    options.progress(`emulator ${baseUrl} (S3 ${s3Url}), runtime ${runtimeUrl}`);
    const store = localModelStore(MODEL_DATA_URL, s3Url);
    await store.ensureBucket();
    return {
      emulator: new EmulatorClient(baseUrl, BENCH_ENDPOINT),
      s3EndpointUrl: s3Url,
      emulatorPid: emulator.pid,
      churnEndpointName: CHURN_ENDPOINT,
      scaleEndpoint: { name: SCALE_ENDPOINT, ...options.scaleTiers },
      store,
      direct: new DirectContainer(runtimeUrl.replace(/\/+$/, "")),
      exitReport: () => emulator.exitReport() ?? runtime.exitReport(),
      async stop() {
        store.close();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
