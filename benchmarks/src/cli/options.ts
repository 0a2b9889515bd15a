// `pnpm bench -- [flags]`: parsed and validated into BenchOptions; a bad flag is one clear line.

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isS3Url, LOCAL_PROFILE, OFFLINE_PRICES, scriptArgv } from "@mme/core";
import { MODEL_KINDS, type ModelKind } from "@mme/model-registry";
import { z } from "zod";
import { ARRIVALS } from "../load/arrivals.js";
import { SCENARIO_NAMES, ScenarioName, SloPercentile } from "../report/schema.js";
import { parseTrafficShape, TRAFFIC_SYNTAX } from "../sampling/traffic-shape.js";
import type { OpenLoopSettings, ScenarioSettings } from "../scenarios/context.js";
import { sagemakerRuntimeRegion } from "../stack/sigv4-signer.js";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const HELP = `Usage: pnpm bench -- [options]

Starts an emulator + embedded S3 + CPU runtime (or uses --target), seeds models, runs the scenarios,
prints a summary and writes benchmarks/results/<timestamp>.{json,md,svg}.

  --quick                  small models and short steps (well under a minute)
  --scenario NAME          run only NAME (repeatable): ${SCENARIO_NAMES.join(", ")}
  --model KIND             model for cold-start, warm, stampede (and image if an image model): ${MODEL_KINDS.join(", ")}
  --duration S             time limit of a load step (default 10; quick 2)
  --window S               measurement window: a step ends once 3 windows in a row agree (default 2; quick 0.5)
  --tolerance PCT          how far those 3 windows may differ, throughput and mean latency (default 10)
  --connections N[,N…]     connection counts of the warm scenario (default 1,10,50; quick 1,10)
  --out DIR                where the report goes (default benchmarks/results)
  --seed N                 Zipf trace seed (default 42)
  --churn-models M         models in the churn fleet (default 60; quick 20)
  --churn-capacity K       memory budget in models (default 8; quick 4); with --target, set it to the target's
  --churn-requests N       requests per churn run (default 5000; quick 600)
  --churn-connections N[,N…]  connection counts of the churn scenario, one run each (default 1,4)
  --zipf-s S               Zipf skew (default 1.0)
  --scale-models M         distinct models in the scale fleet (default 10000; quick 500)
  --scale-memory-models N  the scale endpoint's memory tier in models (default 200; quick 20)
  --scale-disk-models N    its disk tier in models (default 800; quick 40; keep it under M / 10)
  --rate R[,R…]            open loop: warm, churn and scale send R requests/s on a schedule, latency from each
                           request's scheduled time (one step per rate, in place of connection counts)
  --arrivals KIND          constant | poisson (default constant)
  --max-in-flight N        at most N requests outstanding; one due beyond waits, and the report counts it (default 256)
  --traffic SHAPE          open loop: churn's (and scale's) traffic: ${TRAFFIC_SYNTAX}
                           (default zipf:<--zipf-s>; trace: mme plan's JSON lines, its models and bursts)
  --slo pXX=Nms            search the highest rate with pXX (p50, p90, p95, p99) ≤ N ms and no errors, from
                           the highest --rate (default 10): invocations per minute and cost per million
  --instance-type T        the endpoint's instance type, for the cost (default: DescribeEndpoint's against
                           SageMaker, else ml.m5.xlarge): ${Object.keys(OFFLINE_PRICES).join(", ")}
  --instance-count N       its instance count (default: DescribeEndpoint's against SageMaker, else 1)
  --export-artillery FILE  with --target: seed the --traffic fleet there and write FILE, an Artillery script of
                           it (a phase per --rate, --duration s each; SigV4 when signing) plus its processor;
                           run it with \`artillery run FILE\` or on Artillery's distributed runners. Sends no load.
  --compare FILE           a report.json of the same shape (e.g. against AWS) to put beside this run's
  --cpu-prof DIR           the embedded emulator writes a CPU profile (node --cpu-prof) into DIR when it stops

Against an emulator that is already running (e.g. on a GPU box in front of Triton):
  --target URL             emulator base URL, e.g. http://127.0.0.1:8080
  --endpoint NAME          its multi-model endpoint (default ${LOCAL_PROFILE.endpointName})
  --churn-endpoint NAME    endpoint whose budget is --churn-capacity models (default: --endpoint)
  --scale-endpoint NAME    endpoint whose tiers are --scale-memory-models / --scale-disk-models (default: --churn-endpoint)
  --model-data-url S3URL   that endpoint's ModelDataUrl, where models are seeded (default ${LOCAL_PROFILE.modelDataUrl})
  --s3-endpoint-url URL    S3 to seed through (default ${LOCAL_PROFILE.s3EndpointUrl}; "aws" for AWS S3)
  --region R               (default: from a SageMaker URL, else ${LOCAL_PROFILE.region})

Against a real SageMaker MME: --target https://runtime.sagemaker.<region>.amazonaws.com --endpoint NAME.
Every request is SigV4-signed with the default AWS credential chain; the fleet goes to the endpoint's own
prefix (DescribeEndpoint → config → model → ModelDataUrl) through AWS S3; emulator-only figures read "–".
  --target-kind K          emulator | sagemaker (default: sagemaker for runtime.sagemaker.* URLs)
  --sigv4                  sign every request (default with --target-kind sagemaker; e.g. an emulator
                           started with signature checks)
  --sagemaker-api-url URL  the SageMaker API for DescribeEndpoint (default: AWS's, for the region)
  --direct URL             the container itself (MME contract), for the warm comparison
  --direct-model-dir DIR   the folder holding the warm model folder, as the --direct container sees it
`;

const positiveInt = z.coerce.number().int().positive();

const Flags = z.object({
  quick: z.boolean(),
  help: z.boolean(),
  scenario: z.array(ScenarioName).optional(),
  model: z.enum(MODEL_KINDS).optional(),
  duration: z.coerce.number().positive().max(3600).optional(),
  window: z.coerce.number().positive().max(600).optional(),
  tolerance: z.coerce.number().positive().max(100).default(10),
  rate: z
    .string()
    .transform((v) => v.split(",").map((s) => Number(s.trim())))
    .pipe(z.array(z.number().positive().max(1_000_000)).min(1))
    .optional(),
  arrivals: z.enum(ARRIVALS).default("constant"),
  "max-in-flight": positiveInt.max(100_000).default(256),
  traffic: z
    .string()
    .transform((v, ctx) => {
      try {
        return parseTrafficShape(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  slo: z
    .string()
    .regex(/^(p50|p90|p95|p99)=\d+(\.\d+)?(ms|s)$/, "expected pXX=Nms or pXX=Ns, XX one of 50, 90, 95, 99")
    .transform((v) => {
      const [percentile, value] = v.split("=") as [string, string];
      const thresholdMs = value.endsWith("ms")
        ? Number(value.slice(0, -2))
        : Number(value.slice(0, -1)) * 1000;
      return { percentile: SloPercentile.parse(percentile), thresholdMs };
    })
    .optional(),
  "instance-type": z
    .string()
    .refine((t) => t in OFFLINE_PRICES, `no price for it; one of ${Object.keys(OFFLINE_PRICES).join(", ")}`)
    .optional(),
  "instance-count": positiveInt.max(1000).optional(),
  compare: z.string().min(1).optional(),
  "export-artillery": z.string().min(1).optional(),
  connections: z
    .string()
    .transform((v) => v.split(",").map((s) => Number(s.trim())))
    .pipe(z.array(z.number().int().positive().max(10_000)).min(1))
    .optional(),
  out: z.string().min(1).optional(),
  seed: z.coerce.number().int().default(42),
  "churn-models": positiveInt.optional(),
  "churn-capacity": positiveInt.optional(),
  "churn-requests": positiveInt.optional(),
  "churn-connections": z
    .string()
    .transform((v) => v.split(",").map((s) => Number(s.trim())))
    .pipe(z.array(z.number().int().positive().max(1000)).min(1))
    .optional(),
  "zipf-s": z.coerce.number().nonnegative().max(10).default(1),
  "scale-models": positiveInt.max(1_000_000).optional(),
  "scale-memory-models": positiveInt.optional(),
  "scale-disk-models": positiveInt.optional(),
  "scale-endpoint": z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/)
    .optional(),
  "cpu-prof": z.string().min(1).optional(),
  target: z.url({ protocol: /^https?$/ }).optional(),
  endpoint: z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/)
    .optional(),
  "churn-endpoint": z
    .string()
    .regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/)
    .optional(),
  "model-data-url": z.string().refine(isS3Url, "must be an s3://bucket/prefix/ URL").optional(),
  "s3-endpoint-url": z.string().optional(),
  region: z.string().min(1).optional(),
  "target-kind": z.enum(["emulator", "sagemaker"]).optional(),
  sigv4: z.boolean(),
  "sagemaker-api-url": z.url({ protocol: /^https?$/ }).optional(),
  direct: z.url({ protocol: /^https?$/ }).optional(),
  "direct-model-dir": z.string().min(1).optional(),
});

export interface TargetOptions {
  url: string;
  endpointName: string;
  churnEndpointName: string;
  scaleEndpointName: string;
  modelDataUrl: string;
  s3EndpointUrl: string | undefined;
  region: string;
  /** A real SageMaker runtime (signed requests, no emulator routes, prefix from DescribeEndpoint). */
  kind: "emulator" | "sagemaker";
  sigv4: boolean;
  /** The SageMaker API endpoint for DescribeEndpoint; undefined: AWS's. */
  sagemakerApiUrl: string | undefined;
  /** Given with --model-data-url; for a SageMaker target otherwise read from DescribeEndpoint. */
  modelDataUrlGiven: boolean;
  directUrl: string | undefined;
  directModelDir: string | undefined;
}

export interface BenchOptions {
  help: boolean;
  scenarios: ScenarioName[];
  settings: ScenarioSettings;
  outDir: string | undefined;
  /** --cpu-prof: where the embedded emulator's CPU profile goes. */
  cpuProfileDir: string | undefined;
  /** --export-artillery: where the Artillery script goes (instead of a run). */
  exportArtilleryFile: string | undefined;
  /** --compare: a report.json to put beside this run's in the Markdown. */
  compareFile: string | undefined;
  /** Undefined: start the embedded stack. */
  target: TargetOptions | undefined;
  /** The scale endpoint's tiers, in models (the embedded stack sets them; a target must match them). */
  scaleTiers: { memoryModels: number; diskModels: number };
}

const FLAG_TYPES = {
  quick: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  scenario: { type: "string", multiple: true },
  model: { type: "string" },
  duration: { type: "string" },
  window: { type: "string" },
  tolerance: { type: "string" },
  rate: { type: "string" },
  arrivals: { type: "string" },
  "max-in-flight": { type: "string" },
  traffic: { type: "string" },
  slo: { type: "string" },
  "instance-type": { type: "string" },
  "instance-count": { type: "string" },
  compare: { type: "string" },
  "export-artillery": { type: "string" },
  connections: { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  "churn-models": { type: "string" },
  "churn-capacity": { type: "string" },
  "churn-requests": { type: "string" },
  "churn-connections": { type: "string" },
  "zipf-s": { type: "string" },
  "scale-models": { type: "string" },
  "scale-memory-models": { type: "string" },
  "scale-disk-models": { type: "string" },
  "scale-endpoint": { type: "string" },
  "cpu-prof": { type: "string" },
  target: { type: "string" },
  endpoint: { type: "string" },
  "churn-endpoint": { type: "string" },
  "model-data-url": { type: "string" },
  "s3-endpoint-url": { type: "string" },
  region: { type: "string" },
  "target-kind": { type: "string" },
  sigv4: { type: "boolean" },
  "sagemaker-api-url": { type: "string" },
  direct: { type: "string" },
  "direct-model-dir": { type: "string" },
} as const;

/** The S3 models are seeded through: the flag, else AWS S3 for a SageMaker target, else the local default. */
function s3EndpointUrlOf(flag: string | undefined, kind: "emulator" | "sagemaker"): string | undefined {
  if (flag === "aws") return undefined;
  return flag ?? (kind === "sagemaker" ? undefined : LOCAL_PROFILE.s3EndpointUrl);
}

export function parseOptions(argv: string[]): BenchOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: scriptArgv(argv), options: FLAG_TYPES, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = Flags.safeParse({
    ...values,
    quick: values.quick === true,
    help: values.help === true,
    sigv4: values.sigv4 === true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`);
  }
  const f = parsed.data;
  const quick = f.quick;
  const model: ModelKind | null = f.model ?? null;
  const durationS = f.duration ?? (quick ? 2 : 10);
  const windowS = f.window ?? (quick ? 0.5 : 2);
  const openLoop: OpenLoopSettings | null =
    f.rate || f.slo
      ? {
          rates: f.rate ?? [10],
          arrivals: f.arrivals,
          maxInFlight: f["max-in-flight"],
          traffic: f.traffic ?? { kind: "zipf", s: f["zipf-s"] },
          slo: f.slo ?? null,
          instanceType: f["instance-type"] ?? null,
          instanceCount: f["instance-count"] ?? null,
        }
      : null;
  const settings: ScenarioSettings = {
    quick,
    durationS,
    // At least three windows fit in a step.
    windows: { windowS, limitS: Math.max(durationS, 3 * windowS), tolerance: f.tolerance / 100 },
    openLoop,
    connections: f.connections ?? (quick ? [1, 10] : [1, 10, 50]),
    seed: f.seed,
    model,
    coldStartModels: quick ? 3 : 10,
    coldStartLargeModels: quick ? 2 : 3,
    stampedeConcurrency: quick ? 50 : 100,
    churnModels: f["churn-models"] ?? (quick ? 20 : 60),
    churnCapacity: f["churn-capacity"] ?? (quick ? 4 : 8),
    churnRequests: f["churn-requests"] ?? (quick ? 600 : 5000),
    churnConnections: f["churn-connections"] ?? [1, 4],
    zipfS: f["zipf-s"],
    imageConnections: 2,
    scaleModels: f["scale-models"] ?? (quick ? 500 : 10_000),
    scaleRequests: quick ? 1000 : 10_000,
    scaleConnections: 4,
  };
  const scaleTiers = {
    memoryModels: f["scale-memory-models"] ?? (quick ? 20 : 200),
    diskModels: f["scale-disk-models"] ?? (quick ? 40 : 800),
  };
  if (scaleTiers.memoryModels > scaleTiers.diskModels) {
    throw new UsageError(
      `--scale-memory-models (${scaleTiers.memoryModels}) must not exceed --scale-disk-models (${scaleTiers.diskModels})`,
    );
  }
  if (settings.churnModels <= settings.churnCapacity) {
    throw new UsageError(
      `--churn-models (${settings.churnModels}) must exceed --churn-capacity (${settings.churnCapacity})`,
    );
  }
  const endpointName = f.endpoint ?? LOCAL_PROFILE.endpointName;
  const kind = f["target-kind"] ?? (f.target && sagemakerRuntimeRegion(f.target) ? "sagemaker" : "emulator");
  if (kind === "sagemaker" && !f.target) throw new UsageError("--target-kind sagemaker needs --target URL");
  if (kind === "sagemaker" && f.endpoint === undefined) {
    throw new UsageError("--endpoint NAME is required against SageMaker");
  }
  if (f["export-artillery"] !== undefined && !f.target) {
    throw new UsageError("--export-artillery needs --target URL: the script is for a running endpoint");
  }
  const target: TargetOptions | undefined = f.target
    ? {
        url: f.target.replace(/\/+$/, ""),
        endpointName,
        churnEndpointName: f["churn-endpoint"] ?? endpointName,
        scaleEndpointName: f["scale-endpoint"] ?? f["churn-endpoint"] ?? endpointName,
        modelDataUrl: f["model-data-url"] ?? LOCAL_PROFILE.modelDataUrl,
        modelDataUrlGiven: f["model-data-url"] !== undefined,
        s3EndpointUrl: s3EndpointUrlOf(f["s3-endpoint-url"], kind),
        region: f.region ?? sagemakerRuntimeRegion(f.target) ?? LOCAL_PROFILE.region,
        kind,
        sigv4: f.sigv4 || kind === "sagemaker",
        sagemakerApiUrl: f["sagemaker-api-url"],
        directUrl: f.direct,
        directModelDir: f["direct-model-dir"],
      }
    : undefined;
  return {
    help: f.help,
    scenarios: f.scenario ?? [...SCENARIO_NAMES],
    settings,
    outDir: f.out,
    compareFile: f.compare === undefined ? undefined : resolve(f.compare),
    exportArtilleryFile: f["export-artillery"] === undefined ? undefined : resolve(f["export-artillery"]),
    cpuProfileDir: f["cpu-prof"] === undefined ? undefined : resolve(f["cpu-prof"]),
    target,
    scaleTiers,
  };
}
