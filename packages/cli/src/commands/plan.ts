import { readFile } from "node:fs/promises";
import {
  HOURS_PER_MONTH,
  INSTANCE_TYPES,
  type InstanceTypeSpec,
  listModels,
  lookUpPrices,
  MmeError,
  parseTrace,
  type SimulatedModel,
  type SimulationResult,
  syntheticTrace,
  type TraceRequest,
  UsageError,
} from "@mme/core";
import { simulate } from "@mme/platform/plan";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { round2, usd } from "../money.js";
import { note, printResult } from "../output.js";
import { textTable } from "../text-table.js";
import { positiveNumber } from "./parse-number.js";
import { COMPARE_IC_ARGS, icPlanOptions, icRows, icTable, verdict } from "./plan-compare-ic.js";

const MB = 1e6;
const GiB = 1024 ** 3;
/** Measured on this project's machines (docs/design.md): a 90 MB tar.gz extracts in ≈ 0.7 s; an ONNX session for a
 * ≈ 100 MB model is created in ≈ 0.3 s. The defaults scale those by size; --load-seconds/--metrics-url replace them. */
const DEFAULT_FETCH_BYTES_PER_SECOND = 128 * MB;
const DEFAULT_LOAD_SECONDS_PER_100MB = 0.3;

export const planCommand = defineCommand({
  meta: {
    name: "plan",
    description:
      "size an MME: simulate the emulator's cache and routing over your traffic per instance type and count, with monthly costs; --compare ic lays the same traffic out as inference components",
  },
  args: {
    ...globalArgs,
    models: {
      type: "string",
      description: "how many models (synthetic names), when not --from-prefix or --trace",
    },
    "model-size": { type: "string", description: "size of each model, e.g. 500MB or 2GB (default 1GB)" },
    "from-prefix": {
      type: "boolean",
      description: "the models and sizes under the models prefix (MME_MODEL_DATA_URL)",
    },
    "memory-factor": { type: "string", default: "1", description: "resident bytes per archive byte" },
    trace: {
      type: "string",
      description: 'JSON lines {"time": s | ISO, "targetModel": key} instead of --rps/--zipf-s',
    },
    rps: { type: "string", default: "10", description: "requests per second (synthetic traffic)" },
    "zipf-s": {
      type: "string",
      default: "1",
      description: "Zipf exponent of model popularity (0 = uniform)",
    },
    hours: { type: "string", default: "1", description: "simulated hours of synthetic traffic" },
    seed: { type: "string", default: "1", description: "seed of the synthetic trace" },
    "instance-types": { type: "string", default: "ml.g5.xlarge", description: "comma-separated candidates" },
    "instance-counts": { type: "string", default: "1,2,3,4", description: "comma-separated instance counts" },
    "memory-gb": {
      type: "string",
      description: "memory tier per instance (default: accelerator memory, else RAM)",
    },
    "disk-gb": { type: "string", description: "disk tier per instance (default: instance storage, else 30)" },
    "max-loaded-models": {
      type: "string",
      description: "bound on loaded models per instance (MME_MAX_LOADED_MODELS)",
    },
    "load-seconds": { type: "string", description: "seconds to load a model from disk (default: by size)" },
    "metrics-url": {
      type: "string",
      description: "take measured load/download times from an emulator's /metrics",
    },
    "service-ms": { type: "string", default: "10", description: "container time per request once loaded" },
    "busy-threshold": {
      type: "string",
      default: "4",
      description: "in-flight requests at which routing spills over",
    },
    "offline-prices": {
      type: "boolean",
      description: "use the offline price table, not the AWS Price List API",
    },
    ...COMPARE_IC_ARGS,
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const icOptions = icPlanOptions(args);
    const types = list(args["instance-types"]).map(instanceType);
    const counts = list(args["instance-counts"]).map((c) => positiveInteger(c, "--instance-counts"));
    const memoryFactor = positiveNumber(args["memory-factor"], "--memory-factor");
    const sizes = await modelSizes(args, () =>
      listModels(clients.s3, { modelDataUrl: requireModelsPrefix(settings.modelDataUrl) }),
    );
    const requests = args.trace ? await readTrace(args.trace) : synthetic(args, sizes);
    const known = new Map(sizes);
    const defaultSize = size(args["model-size"] ?? "1GB", "--model-size");
    for (const r of requests) if (!known.has(r.targetModel)) known.set(r.targetModel, defaultSize);
    const measured = args["metrics-url"] ? await measuredTimes(args["metrics-url"]) : undefined;
    const models = [...known].map(([targetModel, bytes]) =>
      simulatedModel(targetModel, bytes, memoryFactor, args, measured),
    );

    const prices = await lookUpPrices(
      types.map((t) => t.instanceType),
      {
        region: settings.region ?? "us-east-1",
        offline: Boolean(args["offline-prices"]),
        client: clients.pricing,
      },
    );
    note(
      `prices: ${prices.source}${prices.fallbackReason ? ` (Price List API not used: ${prices.fallbackReason})` : ""}`,
    );
    const rows: PlanRow[] = [];
    for (const type of types) {
      const price = prices.quotes.find((q) => q.instanceType === type.instanceType)!.pricePerHour;
      for (const count of counts) {
        note(`simulating ${requests.length} requests on ${count} x ${type.instanceType}…`);
        const result = await simulate({
          models,
          requests,
          instanceCount: count,
          memoryBytes: tierBytes(
            args["memory-gb"],
            "--memory-gb",
            type.acceleratorMemoryGiB ?? type.memoryGiB,
          ),
          diskBytes: tierBytes(args["disk-gb"], "--disk-gb", type.instanceStorageGiB ?? 30),
          ...(args["max-loaded-models"] === undefined
            ? {}
            : { maxLoadedModels: positiveInteger(args["max-loaded-models"], "--max-loaded-models") }),
          busyThreshold: positiveInteger(args["busy-threshold"], "--busy-threshold"),
          serviceSeconds: nonNegative(args["service-ms"], "--service-ms") / 1000,
        });
        rows.push({
          instanceType: type.instanceType,
          instanceCount: count,
          pricePerHour: price,
          ...result,
          mmeMonthlyUsd: round2(count * price * HOURS_PER_MONTH),
          dedicatedMonthlyUsd: round2(models.length * price * HOURS_PER_MONTH),
        });
      }
    }
    const ic = icOptions
      ? icRows(icOptions, {
          types,
          prices: new Map(prices.quotes.map((q) => [q.instanceType, q.pricePerHour])),
          models,
          requests,
          busyThreshold: positiveInteger(args["busy-threshold"], "--busy-threshold"),
          serviceSeconds: nonNegative(args["service-ms"], "--service-ms") / 1000,
        })
      : undefined;
    const judged = ic && verdict(rows, ic);
    printResult(
      json,
      {
        models: models.length,
        requests: requests.length,
        hoursPerMonth: HOURS_PER_MONTH,
        prices,
        rows,
        ...(ic ? { ic: { rows: ic, ...(judged ? { verdict: judged } : {}) } } : {}),
      },
      () =>
        [table(rows, models.length), ...(ic ? ["", icTable(ic), ...(judged ? [judged.text] : [])] : [])].join(
          "\n",
        ),
    );
  },
});

interface PlanRow extends SimulationResult {
  instanceType: string;
  instanceCount: number;
  pricePerHour: number;
  mmeMonthlyUsd: number;
  dedicatedMonthlyUsd: number;
}

function table(rows: PlanRow[], modelCount: number): string {
  const header = [
    "instance type",
    "count",
    "hit ratio",
    "cold starts/h",
    "resident/instance",
    "load wait (mean)",
    "MME $/month",
    `dedicated x${modelCount} $/month`,
  ];
  const lines = rows.map((r) => [
    r.instanceType,
    String(r.instanceCount),
    r.hitRatio.toFixed(3),
    r.coldStartsPerHour.toFixed(1),
    r.residentModelsPerInstance.toFixed(1),
    `${(r.meanLoadWaitSeconds * 1000).toFixed(0)} ms`,
    usd(r.mmeMonthlyUsd),
    usd(r.dedicatedMonthlyUsd),
  ]);
  return textTable(header, lines);
}

function list(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function instanceType(name: string): InstanceTypeSpec {
  const spec = INSTANCE_TYPES[name];
  if (!spec) {
    throw new UsageError(`unknown instance type ${name}; known: ${Object.keys(INSTANCE_TYPES).join(", ")}`);
  }
  return spec;
}

function positiveInteger(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be whole numbers of at least 1, got "${value}"`);
  return n;
}

function nonNegative(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} must be a number of at least 0, got "${value}"`);
  return n;
}

function tierBytes(flag: string | undefined, name: string, defaultGiB: number): number {
  return Math.floor((flag === undefined ? defaultGiB : positiveNumber(flag, name)) * GiB);
}

/** 500MB, 2GB, 1.5GiB, 1e9 (bytes). */
function size(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(value.trim());
  if (!match) throw new UsageError(`${flag} must be a size like 500MB or 2GB, got "${value}"`);
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 1024,
    mib: 1024 ** 2,
    gib: GiB,
    tib: 1024 ** 4,
  };
  const bytes = Number(match[1]) * units[(match[2] ?? "b").toLowerCase()]!;
  if (!(bytes > 0)) throw new UsageError(`${flag} must be more than 0 bytes`);
  return Math.round(bytes);
}

function requireModelsPrefix(modelDataUrl: string | undefined): string {
  if (!modelDataUrl) throw new UsageError("--from-prefix needs the models prefix: set MME_MODEL_DATA_URL");
  return modelDataUrl;
}

async function modelSizes(
  args: { models?: string; "model-size"?: string; "from-prefix"?: boolean; trace?: string },
  listPrefix: () => Promise<{ targetModel: string; size: number }[]>,
): Promise<[string, number][]> {
  if (args["from-prefix"]) {
    const listed = await listPrefix();
    if (listed.length === 0) throw new UsageError("no models under the models prefix");
    return listed.map((m) => [m.targetModel, m.size]);
  }
  const bytes = size(args["model-size"] ?? "1GB", "--model-size");
  if (args.models === undefined) {
    if (args.trace) return [];
    throw new UsageError("say which models: --models N [--model-size S], --from-prefix, or --trace FILE");
  }
  const count = positiveInteger(args.models, "--models");
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, i) => [`model-${String(i).padStart(width, "0")}.tar.gz`, bytes]);
}

function synthetic(
  args: { rps: string; "zipf-s": string; hours: string; seed: string },
  sizes: [string, number][],
): TraceRequest[] {
  return syntheticTrace({
    models: sizes.map(([name]) => name),
    rps: positiveNumber(args.rps, "--rps"),
    zipfS: nonNegative(args["zipf-s"], "--zipf-s"),
    durationSeconds: positiveNumber(args.hours, "--hours") * 3600,
    seed: Number(args.seed) || 1,
  });
}

async function readTrace(file: string): Promise<TraceRequest[]> {
  const path = file.startsWith("/") ? file : `${cliIo().cwd}/${file}`;
  const text = await readFile(path, "utf8").catch((error: Error) => {
    throw new UsageError(`cannot read --trace ${file}: ${error.message}`);
  });
  return parseTrace(text, file);
}

interface MeasuredTimes {
  loadSeconds?: number;
  downloadSeconds?: number;
}

function simulatedModel(
  targetModel: string,
  bytes: number,
  memoryFactor: number,
  args: { "load-seconds"?: string },
  measured: MeasuredTimes | undefined,
): SimulatedModel {
  const warm =
    args["load-seconds"] !== undefined
      ? nonNegative(args["load-seconds"], "--load-seconds")
      : (measured?.loadSeconds ?? Math.max(0.05, (DEFAULT_LOAD_SECONDS_PER_100MB * bytes) / (100 * MB)));
  const fetch = measured?.downloadSeconds ?? bytes / DEFAULT_FETCH_BYTES_PER_SECOND;
  return {
    targetModel,
    diskBytes: bytes,
    memoryBytes: Math.max(1, Math.round(bytes * memoryFactor)),
    coldLoadSeconds: warm + fetch,
    warmLoadSeconds: warm,
  };
}

/** Means of ModelLoadingTime and ModelDownloadingTime (µs histograms) from an emulator's /metrics. */
async function measuredTimes(url: string): Promise<MeasuredTimes> {
  const target = url.endsWith("/metrics") ? url : `${url.replace(/\/$/, "")}/metrics`;
  const text = await fetch(target)
    .then((r) => {
      if (!r.ok) throw new Error(`answered ${r.status}`);
      return r.text();
    })
    .catch((error: Error) => {
      throw new MmeError(`cannot read ${target}: ${error.message}`);
    });
  const mean = (name: string) => {
    let sum = 0;
    let count = 0;
    for (const line of text.split("\n")) {
      const match = /^(\w+)_(sum|count)(?:\{[^}]*\})?\s+(\S+)$/.exec(line);
      if (match?.[1] !== name) continue;
      if (match[2] === "sum") sum += Number(match[3]);
      else count += Number(match[3]);
    }
    return count > 0 ? sum / count / 1e6 : undefined;
  };
  const loadSeconds = mean("ModelLoadingTime");
  const downloadSeconds = mean("ModelDownloadingTime");
  const extractSeconds = mean("mme_ModelExtractionTime") ?? 0;
  return {
    ...(loadSeconds === undefined ? {} : { loadSeconds }),
    ...(downloadSeconds === undefined ? {} : { downloadSeconds: downloadSeconds + extractSeconds }),
  };
}
