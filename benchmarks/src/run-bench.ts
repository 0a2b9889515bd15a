// One benchmark run: bring up (or reach) the stack, run the chosen scenarios in order, assemble the report.
// A scenario that fails is recorded with its reason and the run goes on.

import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { describeEndpoint, LOCAL_PROFILE } from "@mme/core";
import { REPO_ROOT } from "@mme/core/process";
import type { BenchOptions, TargetOptions } from "./cli/options.js";
import { type ArtilleryExportResult, exportArtillery } from "./export/export-artillery.js";
import { ModelArtifacts } from "./models/model-artifacts.js";
import { probeMachine, probeVersions } from "./probe/machine.js";
import type { BenchReport, ScenarioFailure, ScenarioName, ScenarioResult } from "./report/schema.js";
import { churn } from "./scenarios/churn.js";
import { coldStartOf, coldStartPlan } from "./scenarios/cold-start.js";
import type { EndpointInstances, Scenario, ScenarioContext } from "./scenarios/context.js";
import { images } from "./scenarios/image.js";
import { scale } from "./scenarios/scale.js";
import { stampede } from "./scenarios/stampede.js";
import { warm } from "./scenarios/warm.js";
import { emulatorCacheCounters, NO_CACHE_COUNTERS } from "./stack/cache-counters.js";
import { DirectContainer } from "./stack/direct-container.js";
import { BENCH_ENDPOINT, startEmbeddedStack } from "./stack/embedded-stack.js";
import { EmulatorClient } from "./stack/emulator-client.js";
import { ModelStore } from "./stack/model-store.js";
import { InvocationSigner } from "./stack/sigv4-signer.js";

const SCENARIOS: Record<ScenarioName, Scenario> = {
  "cold-start": async (ctx) => {
    const results: ScenarioResult[] = [];
    for (const [kind, count] of coldStartPlan(ctx)) results.push(await coldStartOf(ctx, kind, count));
    return results;
  },
  stampede: async (ctx) => [await stampede(ctx)],
  warm: async (ctx) => [await warm(ctx)],
  image: images,
  churn: (ctx) => churn(ctx),
  scale,
};

/** Report order: cold starts first (nothing loaded yet), churn and scale last (they evict everything). */
const ORDER: ScenarioName[] = ["cold-start", "stampede", "warm", "image", "churn", "scale"];

type StackParts = Omit<ScenarioContext, "settings" | "artifacts" | "runId" | "progress"> & {
  exitReport(): string | null;
  stop(): Promise<void>;
};

async function openStack(
  options: BenchOptions,
  workDir: string,
  progress: (m: string) => void,
): Promise<StackParts> {
  const t = options.target;
  if (!t) {
    const stack = await startEmbeddedStack({
      workDir,
      churnCapacity: options.settings.churnCapacity,
      scaleTiers: options.scaleTiers,
      ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
      progress,
    });
    return {
      ...stack,
      directModelDir: null,
      cacheCounters: emulatorCacheCounters(stack.emulator),
      endpointInstances: null,
    };
  }
  const sagemaker = t.kind === "sagemaker";
  // SageMaker is described for the models prefix, unless given, and for the instances the SLO's cost is on.
  const open = options.settings.openLoop;
  const needInstances = open?.slo != null && (open.instanceType === null || open.instanceCount === null);
  const described =
    sagemaker && (!t.modelDataUrlGiven || needInstances) ? await describeTarget(t, progress) : null;
  const modelDataUrl = t.modelDataUrlGiven || !described ? t.modelDataUrl : described.modelDataUrl;
  // A custom S3 (MinIO of the compose stack) takes the local profile's key unless AWS_* keys are set;
  // AWS S3 takes the SDK's default chain.
  const useLocalKey =
    !sagemaker && t.s3EndpointUrl !== undefined && !process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE;
  const store = new ModelStore({
    modelDataUrl,
    s3EndpointUrl: t.s3EndpointUrl,
    region: t.region,
    ...(useLocalKey ? { credentials: { ...LOCAL_PROFILE.credentials } } : {}),
  });
  const emulator = new EmulatorClient(t.url, t.endpointName, {
    signer: t.sigv4 ? new InvocationSigner(t.region) : null,
    emulatorRoutes: !sagemaker,
  });
  return {
    emulator,
    // Real SageMaker has no /metrics: its hit ratio is CloudWatch's ModelCacheHit, read by a source given here.
    cacheCounters: sagemaker ? NO_CACHE_COUNTERS : emulatorCacheCounters(emulator),
    churnEndpointName: t.churnEndpointName,
    scaleEndpoint: { name: t.scaleEndpointName, ...options.scaleTiers },
    store,
    direct: t.directUrl ? new DirectContainer(t.directUrl) : null,
    directModelDir: t.directModelDir ?? null,
    endpointInstances: described?.instances ?? null,
    emulatorPid: null,
    exitReport: () => null,
    async stop() {
      store.close();
    },
  };
}

/**
 * The endpoint's models prefix (DescribeEndpoint → its config → the config's model → ModelDataUrl) and its
 * first variant's instances.
 */
async function describeTarget(
  t: TargetOptions,
  progress: (m: string) => void,
): Promise<{ modelDataUrl: string; instances: EndpointInstances | null }> {
  const client = new SageMakerClient({
    region: t.region,
    ...(t.sagemakerApiUrl ? { endpoint: t.sagemakerApiUrl } : {}),
  });
  try {
    const described = await describeEndpoint(client, t.endpointName);
    const url = described.model?.modelDataUrl;
    if (!url) {
      throw new Error(
        `endpoint ${t.endpointName} has no ModelDataUrl (model ${described.model?.modelName ?? "?"}): is it a multi-model endpoint?`,
      );
    }
    const variant = described.variants[0];
    const instanceCount = variant?.currentInstanceCount ?? variant?.instanceCount;
    const instances =
      variant?.instanceType && instanceCount ? { instanceType: variant.instanceType, instanceCount } : null;
    progress(
      `endpoint ${t.endpointName}: models under ${url} (model ${described.model?.modelName})` +
        (instances ? `, ${instances.instanceCount} × ${instances.instanceType}` : ""),
    );
    return { modelDataUrl: url.endsWith("/") ? url : `${url}/`, instances };
  } finally {
    client.destroy();
  }
}

/** --export-artillery: seed the traffic's fleet on the target and write the Artillery script; no load is sent. */
export async function runArtilleryExport(
  options: BenchOptions,
  file: string,
  progress: (message: string) => void,
): Promise<ArtilleryExportResult> {
  const runId = `run-${Date.now().toString(36)}-${process.pid}`;
  const workDir = await mkdtemp(join(tmpdir(), "mme-bench-"));
  const stack = await openStack(options, workDir, progress);
  try {
    return await exportArtillery(file, {
      options,
      store: stack.store,
      artifacts: new ModelArtifacts(workDir, progress),
      endpointName: stack.churnEndpointName,
      runId,
      progress,
    });
  } finally {
    await stack.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

export async function runBench(
  options: BenchOptions,
  progress: (message: string) => void,
): Promise<BenchReport> {
  const startedAt = new Date();
  const runId = `run-${startedAt.getTime().toString(36)}-${process.pid}`;
  const workDir = await mkdtemp(join(tmpdir(), "mme-bench-"));
  const [machine, versions] = await Promise.all([probeMachine(), probeVersions(REPO_ROOT)]);
  const results: ScenarioResult[] = [];
  const failures: ScenarioFailure[] = [];
  const stack = await openStack(options, workDir, progress);
  try {
    const ctx: ScenarioContext = {
      ...stack,
      settings: options.settings,
      artifacts: new ModelArtifacts(workDir, progress),
      runId,
      progress,
    };
    for (const name of ORDER.filter((n) => options.scenarios.includes(n))) {
      progress(`── ${name}`);
      try {
        results.push(...(await SCENARIOS[name](ctx)));
      } catch (error) {
        const crash = stack.exitReport();
        const message = (error as Error).message.split("\n")[0] ?? String(error);
        progress(`${name} failed: ${message}${crash ? `\n${crash}` : ""}`);
        failures.push({ scenario: name, message: crash ? `${message} (${crash.split("\n")[0]})` : message });
        if (crash) break; // nothing left to measure
      }
    }
  } finally {
    await stack.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  return {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    versions,
    config: {
      quick: options.settings.quick,
      target: options.target?.url ?? "embedded",
      endpointName: options.target?.endpointName ?? BENCH_ENDPOINT,
      scenarios: options.scenarios,
      durationS: options.settings.durationS,
      connections: options.settings.connections,
      seed: options.settings.seed,
      model: options.settings.model,
    },
    loadAverageEnd: loadavg().map((v) => Math.round(v * 100) / 100),
    results,
    failures,
  };
}
