// `pnpm bench -- --target … --export-artillery FILE`, then `artillery run FILE` as written: against the
// emulator (every request answered 200, on several target models of the seeded fleet), and signed, against
// a SigV4 verifier (every signature valid). Artillery is this workspace's devDependency (its Chromium
// download is a build script pnpm does not run); ARTILLERY may name another binary.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHURN_ENDPOINT,
  type EmbeddedStack,
  MODEL_DATA_URL,
  startEmbeddedStack,
} from "../stack/embedded-stack.js";
import { type SigV4Verifier, startSigV4Verifier } from "../test-support/sigv4-verifier.js";

const run = promisify(execFile);
const ARTILLERY = process.env.ARTILLERY ?? join(REPO_ROOT, "benchmarks/node_modules/.bin/artillery");
const REGION = "eu-west-3";
const CREDENTIALS = { accessKeyId: "AKIDARTILLERYTEST", secretAccessKey: "artillery-test-secret" };

let workDir: string;
let stack: EmbeddedStack | undefined;
let verifier: SigV4Verifier | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-artillery-"));
  stack = await startEmbeddedStack({
    workDir,
    churnCapacity: 4,
    scaleTiers: { memoryModels: 2, diskModels: 4 },
    progress: () => {},
  });
  verifier = await startSigV4Verifier({ region: REGION, credentials: CREDENTIALS });
}, 120_000);

afterAll(async () => {
  await verifier?.stop();
  await stack?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function exportScript(file: string, target: string, extra: string[]): Promise<void> {
  if (!stack) throw new Error("no stack");
  await run(
    process.execPath,
    [
      ...["--conditions=source", "--import", "tsx", join(REPO_ROOT, "benchmarks/src/main.ts")],
      ...["--target", target, "--churn-endpoint", CHURN_ENDPOINT, "--model-data-url", MODEL_DATA_URL],
      ...["--s3-endpoint-url", stack.s3EndpointUrl, "--churn-models", "6", "--churn-capacity", "4"],
      ...["--traffic", "top-n:2/80", "--rate", "10", "--duration", "2", "--export-artillery", file],
      ...extra,
    ],
    { cwd: REPO_ROOT },
  );
}

interface ArtilleryReport {
  aggregate: { counters: Record<string, number> };
}

async function artilleryRun(script: string, env: Record<string, string> = {}): Promise<ArtilleryReport> {
  const output = `${script}.report.json`;
  await run(ARTILLERY, ["run", "--output", output, script], {
    cwd: workDir,
    // No telemetry call home (CI reaches nothing but the package registries).
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: "true", ...env },
    maxBuffer: 16 * 2 ** 20,
  });
  return JSON.parse(await readFile(output, "utf8")) as ArtilleryReport;
}

describe("an exported Artillery script, run by artillery", () => {
  it("drives the emulator's fleet: every request answered 200, across several models", async () => {
    if (!stack) throw new Error("no stack");
    const script = join(workDir, "emulator.yml");
    await exportScript(script, stack.emulator.baseUrl, []);
    const report = await artilleryRun(script);
    const c = report.aggregate.counters;
    expect(c["vusers.created"]).toBe(20);
    expect(c["http.codes.200"]).toBe(20);
    expect(c["vusers.failed"] ?? 0).toBe(0);
    // The emulator loaded several of the exported fleet's models.
    const loaded = (await stack.emulator.metrics())
      .filter((s) => s.name === "mme_model_ModelLoadingTime_count" && s.value > 0)
      .map((s) => s.labels.TargetModel ?? "");
    const models = new Set(loaded.filter((m) => m.includes("/artillery/")));
    expect(models.size).toBeGreaterThan(1);
  }, 120_000);

  it("signs every request with SigV4 when the target needs it", async () => {
    if (!verifier) throw new Error("no verifier");
    const script = join(workDir, "signed.yml");
    await exportScript(script, verifier.url, ["--sigv4", "--region", REGION]);
    const report = await artilleryRun(script, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      // The processor's SDK signer, from this workspace.
      NODE_PATH: join(REPO_ROOT, "benchmarks/node_modules"),
    });
    expect(report.aggregate.counters["http.codes.200"]).toBe(20);
    expect(verifier.calls.length).toBe(20);
    expect(verifier.calls.filter((call) => !call.valid)).toEqual([]);
    expect(new Set(verifier.calls.map((call) => call.targetModel)).size).toBeGreaterThan(1);
  }, 120_000);
});
