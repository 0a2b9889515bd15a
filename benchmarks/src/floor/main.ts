// `node benchmarks/dist/floor/main.js [--connections 1,10,50] [--duration 10] [--warm-up 2] [--rounds 3]`: the emulator's own cost on a
// warm add_sub request, in both container modes, side by side in one run:
//   - in-process runtime: the emulator (embedded runtime) against @mme/runtime's server called directly, and
//     against that server started inside the emulator's own process (co-hosted-runtime.ts): the second
//     difference is the emulator's own work alone, the first adds whatever its process costs besides;
//   - HTTP container: the emulator fronting that server (MME_CONTAINER_URL) against the floor any Node proxy
//     pays (a bare node:http → undici proxy, bare-proxy.ts), and the server direct.
// Besides req/s and latency it reads each process's CPU time (/proc) per request: on a shared, noisy
// machine that is the robust figure (wall-clock ratios move with the neighbours' load, CPU per request
// much less). Each connection count is measured in rounds, the five steps in alternating order (forward,
// then backward), and every figure is the median of the rounds' own comparisons: the machine's speed drifts
// within a minute, and a comparison of steps seconds apart is a comparison of paths, not of moments.
// Prints Markdown tables.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { LOCAL_PROFILE } from "@mme/core";
import { percentile, sortedAscending } from "@mme/core/metrics";
import { type ChildProgram, startChild } from "@mme/core/process";
import { runLoad } from "../load/autocannon-run.js";
import { payloadFor } from "../load/payload-for.js";
import { ModelArtifacts } from "../models/model-artifacts.js";
import type { LoadRun } from "../report/schema.js";
import { DirectContainer } from "../stack/direct-container.js";
import { EmulatorClient } from "../stack/emulator-client.js";
import { EMULATOR_READY_LINE, startUpWorkDone } from "../stack/emulator-start-up.js";
import { localModelStore } from "../stack/model-store.js";
import { processCpuMicros } from "../stack/process-cpu.js";
import { workspaceProgram } from "../stack/repo-paths.js";

const ENDPOINT = "mme-floor";
const MODEL_DATA_URL = `s3://${LOCAL_PROFILE.bucketName}/floor/`;
const DIRECT_MODEL = "bench_floor";
const START_TIMEOUT_MS = 90_000;

const progress = (message: string) =>
  console.error(`[floor ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** One load step, and the CPU each process spent on it per request (µs), by process name. */
export interface Measured {
  run: LoadRun;
  cpuMicrosPerRequest: Record<string, number | null>;
}

export interface FloorRound {
  /** In-process runtime: the emulator, and the runtime's server direct. */
  embedded: Measured;
  direct: Measured;
  /** The runtime's server inside the emulator's process (its CPU is the emulator process's). */
  coHosted: Measured;
  /** HTTP container: the emulator fronting the server, and the bare proxy fronting it. */
  fronting: Measured;
  proxy: Measured;
}

export interface FloorRow {
  connections: number;
  rounds: FloorRound[];
}

interface Step {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: "1,10,50" },
      duration: { type: "string", default: "10" },
      "warm-up": { type: "string", default: "2" },
      rounds: { type: "string", default: "3" },
      json: { type: "string" },
    },
  });
  const connections = values.connections.split(",").map(Number);
  const durationS = Number(values.duration);
  const warmUpS = Number(values["warm-up"]);
  const roundCount = Math.max(1, Number(values.rounds));
  // --duration is each step's measured time, split across the rounds.
  const windowS = Math.max(1, durationS / roundCount);
  const workDir = await mkdtemp(join(tmpdir(), "mme-floor-"));
  const children: ChildProgram[] = [];
  const start = (label: string, args: string[]) => {
    const child = startChild(label, args);
    children.push(child);
    return child;
  };
  try {
    const runtime = start("runtime", [...workspaceProgram("packages/runtime", "main"), "--port", "0"]);
    const [, runtimeUrl = ""] = await runtime.waitForLine(/listening on (http:\/\/\S+)/, START_TIMEOUT_MS);
    const containerUrl = runtimeUrl.replace(/\/+$/, "");
    const endpointsFile = join(workDir, "endpoints.json");
    await writeFile(
      endpointsFile,
      JSON.stringify({ endpoints: [{ EndpointName: ENDPOINT, ModelDataUrl: MODEL_DATA_URL }] }),
    );
    // `preload`: node's --import before the emulator's entry point (after tsx's, from source).
    const emulatorArgs = (name: string, extra: string[], preload?: string) => [
      ...withPreload(workspaceProgram("apps/emulator", "main"), preload),
      ...["--host", "127.0.0.1", "--port", "0", "--s3-port", "0", ...extra],
      ...["--data-dir", join(workDir, name), "--config", endpointsFile],
      ...["--create-delay-ms", "0", "--no-seed", "--no-default-endpoint", "--log-level", "warn"],
    ];
    const embedded = start("emulator", emulatorArgs("embedded", [], coHostedRuntime()));
    const fronting = start("emulator-http", emulatorArgs("fronting", ["--container-url", containerUrl]));
    const proxy = start("bare-proxy", [
      ...workspaceProgram("benchmarks", "floor/bare-proxy"),
      ...["--upstream", containerUrl, "--model", DIRECT_MODEL],
    ]);
    const [, embeddedUrl = "", embeddedS3 = ""] = await embedded.waitForLine(
      EMULATOR_READY_LINE,
      START_TIMEOUT_MS,
    );
    await startUpWorkDone(embedded, START_TIMEOUT_MS);
    const [, coHostedUrl = ""] = await embedded.waitForLine(
      /co-hosted runtime listening on (http:\/\/\S+)/,
      START_TIMEOUT_MS,
    );
    const [, frontingUrl = "", frontingS3 = ""] = await fronting.waitForLine(
      EMULATOR_READY_LINE,
      START_TIMEOUT_MS,
    );
    const [, proxyUrl = ""] = await proxy.waitForLine(/listening on (http:\/\/\S+)/, START_TIMEOUT_MS);
    progress(`emulator ${embeddedUrl}; emulator ${frontingUrl} → ${containerUrl}; bare proxy ${proxyUrl}`);

    const artifacts = new ModelArtifacts(workDir, progress);
    const key = "add_sub_onnx.tar.gz";
    const payload = payloadFor("add_sub_onnx");
    const tarball = await artifacts.tarball("add_sub_onnx");
    const clients: EmulatorClient[] = [];
    for (const [url, s3Url] of [
      [embeddedUrl, embeddedS3],
      [frontingUrl, frontingS3],
    ] as const) {
      const store = localModelStore(MODEL_DATA_URL, s3Url);
      await store.ensureBucket();
      await store.put(key, tarball);
      store.close();
      const client = new EmulatorClient(url, ENDPOINT);
      await waitServed(client, key, payload);
      clients.push(client);
    }
    // The server names a model after the load's TargetModel: the direct copy gets a target of its own, or
    // its load would clash with the fronting emulator's copy of `key`.
    const directTarget = `${DIRECT_MODEL}.tar.gz`;
    const direct = new DirectContainer(containerUrl);
    const coHosted = new DirectContainer(coHostedUrl.replace(/\/+$/, ""));
    const folder = dirname(await artifacts.folder("add_sub_onnx"));
    await direct.load(DIRECT_MODEL, folder, directTarget);
    await coHosted.load(DIRECT_MODEL, folder, directTarget);

    const step = (url: string, target: string): Step => ({
      url,
      headers: direct.headers(payload, target),
      body: payload.body,
    });
    const steps = {
      embedded: step(clients[0]!.invocationsUrl(), key),
      coHosted: step(coHosted.invokeUrl(DIRECT_MODEL), directTarget),
      direct: step(direct.invokeUrl(DIRECT_MODEL), directTarget),
      fronting: step(clients[1]!.invocationsUrl(), key),
      proxy: step(`${proxyUrl.replace(/\/+$/, "")}/invoke`, directTarget),
    };
    const pids = {
      emulator: embedded.pid,
      "emulator-http": fronting.pid,
      proxy: proxy.pid,
      runtime: runtime.pid,
    };
    for (const warmUp of Object.values(steps)) {
      await runLoad({ ...warmUp, connections: 2, durationS: 0, amount: 200 });
    }
    const rows: FloorRow[] = [];
    const order = Object.keys(steps) as (keyof typeof steps)[];
    for (const count of connections) {
      const measure = async (name: keyof typeof steps, round: number): Promise<Measured> => {
        progress(`${name}, ${count} connections, round ${round + 1} of ${roundCount}, ${windowS} s`);
        const before = await cpuOf(pids);
        const { run } = await runLoad({ ...steps[name], connections: count, durationS: windowS });
        const after = await cpuOf(pids);
        if (run.errors > 0 || run.non2xx > 0) {
          throw new Error(`${name}: ${run.errors} errors, ${run.non2xx} non-2xx answers`);
        }
        const cpuMicrosPerRequest: Record<string, number | null> = {};
        for (const process of Object.keys(pids)) {
          const used =
            after[process] == null || before[process] == null ? null : after[process]! - before[process]!;
          cpuMicrosPerRequest[process] = used === null || run.requests === 0 ? null : used / run.requests;
        }
        return { run, cpuMicrosPerRequest };
      };
      // Each process reaches its steady state (JIT tiers, pools) at this load before it is measured: a
      // short fixed warm-up left the first measured step paying for the emulator's larger code path.
      if (warmUpS > 0) {
        for (const name of order) await runLoad({ ...steps[name], connections: count, durationS: warmUpS });
      }
      const rounds: FloorRound[] = [];
      for (let round = 0; round < roundCount; round++) {
        const measured: Partial<FloorRound> = {};
        for (const name of round % 2 === 0 ? order : [...order].reverse()) {
          measured[name] = await measure(name, round);
        }
        rounds.push(measured as FloorRound);
      }
      rows.push({ connections: count, rounds });
    }
    console.log(floorTables(rows));
    if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The module that starts the runtime's server inside the emulator's process (co-hosted-runtime.ts). */
function coHostedRuntime(): string {
  return pathToFileURL(workspaceProgram("benchmarks", "floor/co-hosted-runtime").at(-1) as string).href;
}

/** A workspace program's node arguments with `--import preload` just before its entry point. */
function withPreload(program: string[], preload: string | undefined): string[] {
  if (preload === undefined) return program;
  return [...program.slice(0, -1), "--import", preload, ...program.slice(-1)];
}

async function cpuOf(pids: Record<string, number>): Promise<Record<string, number | null>> {
  const entries = await Promise.all(
    Object.entries(pids).map(async ([name, pid]) => [name, await processCpuMicros(pid)] as const),
  );
  return Object.fromEntries(entries);
}

async function waitServed(client: EmulatorClient, key: string, payload: ReturnType<typeof payloadFor>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outcome = await client.invoke(key, payload).catch((error: Error) => ({ error: error.message }));
    if (!("error" in outcome) || outcome.error === undefined) return;
    if (Date.now() > deadline) throw new Error(`the emulator did not serve the model: ${outcome.error}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const serverMicros = (run: LoadRun) => (run.requestsPerSec > 0 ? 1e6 / run.requestsPerSec : Number.NaN);
const fixed = (n: number | null | undefined, digits = 0) => (n == null ? "–" : n.toFixed(digits));

/** The median of each round's figure, and its range when the rounds disagree. */
function medianOf(rounds: FloorRound[], pick: (round: FloorRound) => number | null, digits = 0): string {
  const values = rounds.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return "–";
  const sorted = sortedAscending(values);
  const median = fixed(percentile(sorted, 50), digits);
  return sorted.length < 2
    ? median
    : `${median} (${fixed(sorted[0], digits)}…${fixed(sorted.at(-1), digits)})`;
}

const cpu = (measured: Measured, process: string) => measured.cpuMicrosPerRequest[process] ?? null;
const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function floorTables(rows: FloorRow[]): string {
  const lines = [
    "In-process runtime: the emulator against the runtime's server direct (medians of the rounds, range in brackets)",
    "",
    "| conns | emulator req/s | direct req/s | ratio | p50 ms emulator / direct | server µs added | CPU µs/req emulator / runtime | CPU µs added |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const { connections, rounds } of rows) {
    lines.push(
      `| ${connections} | ${medianOf(rounds, (r) => r.embedded.run.requestsPerSec)} | ${medianOf(rounds, (r) => r.direct.run.requestsPerSec)} | ` +
        `${medianOf(rounds, (r) => r.embedded.run.requestsPerSec / r.direct.run.requestsPerSec, 2)} | ` +
        `${medianOf(rounds, (r) => r.embedded.run.latencyMs.p50, 3)} / ${medianOf(rounds, (r) => r.direct.run.latencyMs.p50, 3)} | ` +
        `${medianOf(rounds, (r) => serverMicros(r.embedded.run) - serverMicros(r.direct.run))} | ` +
        `${medianOf(rounds, (r) => cpu(r.embedded, "emulator"))} / ${medianOf(rounds, (r) => cpu(r.direct, "runtime"))} | ` +
        `${medianOf(rounds, (r) => difference(cpu(r.embedded, "emulator"), cpu(r.direct, "runtime")))} |`,
    );
  }
  lines.push(
    "",
    "Same process: the emulator against the runtime's server inside the emulator's process (co-hosted), and that server against itself in a process of its own",
    "",
    "| conns | emulator req/s | co-hosted req/s | ratio | CPU µs/req emulator / co-hosted | CPU µs added | co-hosted ÷ direct | co-hosted CPU µs over direct |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const { connections, rounds } of rows) {
    lines.push(
      `| ${connections} | ${medianOf(rounds, (r) => r.embedded.run.requestsPerSec)} | ${medianOf(rounds, (r) => r.coHosted.run.requestsPerSec)} | ` +
        `${medianOf(rounds, (r) => r.embedded.run.requestsPerSec / r.coHosted.run.requestsPerSec, 2)} | ` +
        `${medianOf(rounds, (r) => cpu(r.embedded, "emulator"))} / ${medianOf(rounds, (r) => cpu(r.coHosted, "emulator"))} | ` +
        `${medianOf(rounds, (r) => difference(cpu(r.embedded, "emulator"), cpu(r.coHosted, "emulator")))} | ` +
        `${medianOf(rounds, (r) => r.coHosted.run.requestsPerSec / r.direct.run.requestsPerSec, 2)} | ` +
        `${medianOf(rounds, (r) => difference(cpu(r.coHosted, "emulator"), cpu(r.direct, "runtime")))} |`,
    );
  }
  lines.push(
    "",
    "HTTP container: the emulator fronting the runtime's server against a bare node:http → undici proxy (the floor)",
    "",
    "| conns | emulator req/s | bare proxy req/s | ratio | p50 ms emulator / proxy | latency µs over the floor | CPU µs/req emulator / proxy | CPU µs over the floor |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const { connections, rounds } of rows) {
    lines.push(
      `| ${connections} | ${medianOf(rounds, (r) => r.fronting.run.requestsPerSec)} | ${medianOf(rounds, (r) => r.proxy.run.requestsPerSec)} | ` +
        `${medianOf(rounds, (r) => r.fronting.run.requestsPerSec / r.proxy.run.requestsPerSec, 2)} | ` +
        `${medianOf(rounds, (r) => r.fronting.run.latencyMs.p50, 3)} / ${medianOf(rounds, (r) => r.proxy.run.latencyMs.p50, 3)} | ` +
        `${medianOf(rounds, (r) => (r.fronting.run.latencyMs.mean - r.proxy.run.latencyMs.mean) * 1000)} | ` +
        `${medianOf(rounds, (r) => cpu(r.fronting, "emulator-http"))} / ${medianOf(rounds, (r) => cpu(r.proxy, "proxy"))} | ` +
        `${medianOf(rounds, (r) => difference(cpu(r.fronting, "emulator-http"), cpu(r.proxy, "proxy")))} |`,
    );
  }
  return lines.join("\n");
}

await main();
