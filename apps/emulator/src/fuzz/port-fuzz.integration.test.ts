// A seeded, bounded fuzz of the emulator's port over raw sockets. Invariants: the emulator never
// crashes or hangs; every answer that is not 2xx is in SageMaker's shape (x-amzn-ErrorType, a JSON
// message, x-amzn-RequestId); nothing the client got wrong is a 5xx; a correct request is answered
// correctly afterwards; RSS grows by a bounded amount. The figures are printed (benchmarks/notes).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel, createS3Client, LOCAL_PROFILE } from "@mme/core";
import { sampleValue } from "@mme/core/metrics";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { writeAddSubOnnx } from "../test-support/models.js";
import { scrapeMetrics } from "../test-support/prometheus-text.js";
import { FUZZ_TARGET, type RawRequest, rawRequestArb } from "./raw-requests.js";

const SEED = Number(process.env.MME_FUZZ_SEED ?? 20261201);
const REQUESTS = Number(process.env.MME_FUZZ_REQUESTS ?? 3000);
const PARALLEL = 8;
const ANSWER_TIMEOUT_MS = 15_000;
/** RSS may grow (JIT, caches, pools), but not with the traffic: far below what a leak of ~1 MB bodies would take. */
const MAX_RSS_GROWTH_BYTES = 200 * 1024 * 1024;

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends the bytes on a new connection and reads the final (non-1xx) answer until the server closes. */
function exchange(url: string, request: RawRequest): Promise<Answer | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms to: ${request.description}`));
    }, ANSWER_TIMEOUT_MS);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined); // a reset after the answer (unread body) is fine
    socket.on("close", () => {
      clearTimeout(timer);
      try {
        resolve(request.hangUp ? undefined : parseFinalAnswer(Buffer.concat(chunks), request));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(request.bytes, () => {
      if (request.hangUp) socket.destroy();
    });
  });
}

function parseFinalAnswer(bytes: Buffer, request: RawRequest): Answer {
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", offset);
    if (end < 0) throw new Error(`no complete answer (${bytes.length} bytes) to: ${request.description}`);
    const [statusLine = "", ...lines] = bytes.subarray(offset, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (status >= 100 && status < 200) {
      offset = end + 4;
      continue;
    }
    const length = request.head ? 0 : Number(headers["content-length"] ?? bytes.length - end - 4);
    return { status, headers, body: bytes.subarray(end + 4, end + 4 + length) };
  }
}

function checkShape(answer: Answer, request: RawRequest): string | undefined {
  const why = (problem: string) =>
    `${problem}: ${answer.status} ${answer.headers["x-amzn-errortype"] ?? ""} ${answer.body.toString("utf8").slice(0, 200)} to: ${request.description}`;
  if (!Number.isInteger(answer.status)) return why("no status line");
  if (answer.status >= 500) return why("a 5xx for a client's request");
  if (answer.status < 300) return undefined;
  if (!answer.headers["x-amzn-errortype"]) return why("no x-amzn-ErrorType");
  if (!/^[0-9a-f-]{36}$/.test(answer.headers["x-amzn-requestid"] ?? "")) return why("no x-amzn-RequestId");
  if (request.head) return undefined;
  try {
    const body = JSON.parse(answer.body.toString("utf8")) as { message?: unknown };
    if (typeof body.message !== "string") return why("no message in the JSON body");
  } catch {
    return why("a body that is not JSON");
  }
  return undefined;
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

async function runFuzz(emulator: EmulatorProcess, requests: RawRequest[]) {
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const answer = await exchange(emulator.url, request);
      if (answer === undefined) continue;
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = checkShape(answer, request);
      if (problem) problems.push(problem);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { problems, statuses };
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

async function correctAnswer(
  emulator: EmulatorProcess,
  credentials: Credentials = LOCAL_PROFILE.credentials,
): Promise<number[]> {
  const client = new SageMakerRuntimeClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials,
    maxAttempts: 1,
  });
  try {
    const response = await client.send(
      new InvokeEndpointCommand({
        EndpointName: LOCAL_PROFILE.endpointName,
        TargetModel: FUZZ_TARGET,
        ContentType: "application/json",
        Body: new TextEncoder().encode(
          JSON.stringify({
            inputs: [
              { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
              { name: "INPUT1", shape: [4], datatype: "FP32", data: [4, 3, 2, 1] },
            ],
          }),
        ),
      }),
    );
    return JSON.parse(new TextDecoder().decode(response.Body)).outputs[0].data as number[];
  } finally {
    client.destroy();
  }
}

async function startFuzzedEmulator(
  extraArgs: string[],
  credentials: Credentials = LOCAL_PROFILE.credentials,
) {
  const workDir = await mkdtemp(join(tmpdir(), "mme-fuzz-"));
  cleanup.push(() => rm(workDir, { recursive: true, force: true }));
  const emulator = await startEmulatorProcess([
    "--data-dir",
    join(workDir, "data"),
    "--no-seed",
    ...extraArgs,
  ]);
  cleanup.push(() => emulator.stop());
  const s3 = createS3Client({ endpoint: emulator.s3Url, region: "us-east-1", credentials });
  cleanup.push(() => s3.destroy());
  await addModel(s3, {
    dir: await writeAddSubOnnx(join(workDir, "models")),
    tarballName: FUZZ_TARGET,
    modelDataUrl: LOCAL_PROFILE.modelDataUrl,
  });
  return { emulator, workDir };
}

it(`answers ${REQUESTS} seeded raw requests in SageMaker's shape, never 5xx, and still serves`, async () => {
  const { emulator } = await startFuzzedEmulator([]);
  expect(await correctAnswer(emulator)).toEqual([5, 5, 5, 5]);
  const requests = fc.sample(rawRequestArb, { seed: SEED, numRuns: REQUESTS });
  // Warm-up (JIT, pools) before the RSS baseline.
  await runFuzz(emulator, requests.slice(0, 200));
  const rssBefore = await rssBytes(emulator.child.pid!);
  const started = performance.now();
  const { problems, statuses } = await runFuzz(emulator, requests);
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = await rssBytes(emulator.child.pid!);
  console.log(
    `port fuzz: seed ${SEED}, ${requests.length} requests in ${seconds.toFixed(1)} s, RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );

  expect(problems.slice(0, 5)).toEqual([]);
  expect(emulator.child.exitCode).toBeNull();
  expect(await correctAnswer(emulator)).toEqual([5, 5, 5, 5]);
  const metrics = await scrapeMetrics(emulator.url);
  expect(sampleValue(metrics, "Invocation5XXErrors", { EndpointName: LOCAL_PROFILE.endpointName })).toBe(0);
  expect(rssAfter - rssBefore).toBeLessThan(MAX_RSS_GROWTH_BYTES);
}, 120_000);

it("with --auth sigv4, every unsigned or badly signed raw request is refused in AWS's shape", async () => {
  const key = { accessKeyId: "AKIAFUZZ0001", secretAccessKey: "fuzz-secret" };
  const keysDir = await mkdtemp(join(tmpdir(), "mme-fuzz-keys-"));
  cleanup.push(() => rm(keysDir, { recursive: true, force: true }));
  const keysFile = join(keysDir, "keys.json");
  await writeFile(
    keysFile,
    JSON.stringify({ keys: [{ ...key, principal: "arn:aws:iam::111122223333:user/fuzz" }] }),
  );
  const { emulator } = await startFuzzedEmulator(["--auth", "sigv4", "--auth-keys", keysFile], key);
  const requests = fc.sample(rawRequestArb, { seed: SEED + 1, numRuns: Math.ceil(REQUESTS / 6) });
  const { problems, statuses } = await runFuzz(emulator, requests);
  expect(problems.slice(0, 5)).toEqual([]);
  const accepted = [...statuses].filter(([status]) => status < 300).map(([, count]) => count);
  // Only GET /ping is open without a signature.
  expect(accepted.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
    requests.filter((r) => r.description.startsWith("GET /ping")).length,
  );
  expect(await correctAnswer(emulator, key)).toEqual([5, 5, 5, 5]);
}, 120_000);
