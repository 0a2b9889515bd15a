// `node benchmarks/dist/floor/main.js [--connections 1,10,50] [--duration 10]`: the emulator fronting an
// HTTP container (@mme/runtime's server, MME_CONTAINER_URL), next to the floor any Node proxy pays (a bare
// node:http → undici proxy, bare-proxy.ts) and the container called directly, one warm add_sub model,
// side by side in one run. Prints a Markdown table: the emulator's µs over the floor is its own cost.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { LOCAL_PROFILE } from "@mme/core";
import { type ChildProgram, startChild } from "@mme/core/process";
import { runLoad } from "../load/autocannon-run.js";
import { payloadFor } from "../load/payload-for.js";
import { ModelArtifacts } from "../models/model-artifacts.js";
import type { LoadRun } from "../report/schema.js";
import { DirectContainer } from "../stack/direct-container.js";
import { EmulatorClient } from "../stack/emulator-client.js";
import { ModelStore } from "../stack/model-store.js";
import { workspaceProgram } from "../stack/repo-paths.js";

const ENDPOINT = "mme-floor";
const MODEL_DATA_URL = `s3://${LOCAL_PROFILE.bucketName}/floor/`;
const DIRECT_MODEL = "bench_floor";
const START_TIMEOUT_MS = 90_000;

const progress = (message: string) =>
  console.error(`[floor ${new Date().toISOString().slice(11, 19)}] ${message}`);

interface Row {
  connections: number;
  emulator: LoadRun;
  proxy: LoadRun;
  direct: LoadRun;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: "1,10,50" },
      duration: { type: "string", default: "10" },
      json: { type: "string" },
    },
  });
  const connections = values.connections.split(",").map(Number);
  const durationS = Number(values.duration);
  const workDir = await mkdtemp(join(tmpdir(), "mme-floor-"));
  const children: ChildProgram[] = [];
  try {
    const runtime = startChild("runtime", [...workspaceProgram("packages/runtime", "main"), "--port", "0"]);
    children.push(runtime);
    const [, runtimeUrl = ""] = await runtime.waitForLine(/listening on (http:\/\/\S+)/, START_TIMEOUT_MS);
    const containerUrl = runtimeUrl.replace(/\/+$/, "");
    const endpointsFile = join(workDir, "endpoints.json");
    await writeFile(
      endpointsFile,
      JSON.stringify({ endpoints: [{ EndpointName: ENDPOINT, ModelDataUrl: MODEL_DATA_URL }] }),
    );
    const emulator = startChild("emulator", [
      ...workspaceProgram("apps/emulator", "main"),
      ...["--host", "127.0.0.1", "--port", "0", "--s3-port", "0", "--container-url", containerUrl],
      ...["--data-dir", join(workDir, "emulator-data"), "--config", endpointsFile],
      ...["--create-delay-ms", "0", "--no-seed", "--no-default-endpoint", "--log-level", "warn"],
    ]);
    children.push(emulator);
    const [, baseUrl = "", s3Url = ""] = await emulator.waitForLine(
      /mme emulator ready: SageMaker API (http:\/\/\S+?),? S3 (http:\/\/[^\s;,]+)/,
      START_TIMEOUT_MS,
    );
    const proxy = startChild("bare-proxy", [
      ...workspaceProgram("benchmarks", "floor/bare-proxy"),
      ...["--upstream", containerUrl, "--model", DIRECT_MODEL],
    ]);
    children.push(proxy);
    const [, proxyUrl = ""] = await proxy.waitForLine(/listening on (http:\/\/\S+)/, START_TIMEOUT_MS);
    progress(`emulator ${baseUrl} → container ${containerUrl}; bare proxy ${proxyUrl}`);

    const artifacts = new ModelArtifacts(workDir, progress);
    const store = new ModelStore({
      modelDataUrl: MODEL_DATA_URL,
      s3EndpointUrl: s3Url,
      region: LOCAL_PROFILE.region,
      credentials: { ...LOCAL_PROFILE.credentials },
    });
    await store.ensureBucket();
    const key = "add_sub_onnx.tar.gz";
    await store.put(key, await artifacts.tarball("add_sub_onnx"));
    store.close();
    const payload = payloadFor("add_sub_onnx");
    const client = new EmulatorClient(baseUrl, ENDPOINT);
    await waitInService(client, key, payload);
    const direct = new DirectContainer(containerUrl);
    await direct.load(DIRECT_MODEL, dirname(await artifacts.folder("add_sub_onnx")), key);

    const steps = {
      emulator: { url: client.invocationsUrl(), headers: direct.headers(payload, key), body: payload.body },
      proxy: {
        url: `${proxyUrl.replace(/\/+$/, "")}/invoke`,
        headers: direct.headers(payload, key),
        body: payload.body,
      },
      direct: {
        url: direct.invokeUrl(DIRECT_MODEL),
        headers: direct.headers(payload, key),
        body: payload.body,
      },
    };
    for (const step of Object.values(steps))
      await runLoad({ ...step, connections: 2, durationS: 0, amount: 200 });
    const rows: Row[] = [];
    for (const count of connections) {
      const run = async (name: keyof typeof steps) => {
        progress(`${name}, ${count} connections, ${durationS} s`);
        const { run } = await runLoad({ ...steps[name], connections: count, durationS });
        if (run.errors > 0 || run.non2xx > 0)
          throw new Error(`${name}: ${run.errors} errors, ${run.non2xx} non-2xx`);
        return run;
      };
      rows.push({
        connections: count,
        emulator: await run("emulator"),
        proxy: await run("proxy"),
        direct: await run("direct"),
      });
    }
    console.log(table(rows));
    if (values.json) await writeFile(values.json, JSON.stringify(rows, null, 2));
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await rm(workDir, { recursive: true, force: true });
  }
}

async function waitInService(
  client: EmulatorClient,
  key: string,
  payload: ReturnType<typeof payloadFor>,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outcome = await client.invoke(key, payload).catch((error: Error) => ({ error: error.message }));
    if (!("error" in outcome) || outcome.error === undefined) return;
    if (Date.now() > deadline) throw new Error(`the emulator did not serve the model: ${outcome.error}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const serverMicros = (run: LoadRun) => (run.requestsPerSec > 0 ? 1e6 / run.requestsPerSec : Number.NaN);

export function table(rows: Row[]): string {
  const lines = [
    "| conns | emulator req/s | bare proxy req/s | direct req/s | emulator ÷ proxy | proxy ÷ direct | emulator p50 / proxy p50 (ms) | µs over the floor (latency) | µs over the floor (server time) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const { connections, emulator, proxy, direct } of rows) {
    lines.push(
      `| ${connections} | ${emulator.requestsPerSec.toFixed(0)} | ${proxy.requestsPerSec.toFixed(0)} | ${direct.requestsPerSec.toFixed(0)} | ` +
        `${(emulator.requestsPerSec / proxy.requestsPerSec).toFixed(2)} | ${(proxy.requestsPerSec / direct.requestsPerSec).toFixed(2)} | ` +
        `${emulator.latencyMs.p50.toFixed(3)} / ${proxy.latencyMs.p50.toFixed(3)} | ` +
        `${((emulator.latencyMs.mean - proxy.latencyMs.mean) * 1000).toFixed(0)} | ${(serverMicros(emulator) - serverMicros(proxy)).toFixed(0)} |`,
    );
  }
  return lines.join("\n");
}

await main();
