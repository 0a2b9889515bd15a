// `mme plan --compare ic`: beside the MME rows, the same trace as inference components per instance type
// (@mme/platform/plan's icLayout), priced like the MME rows, and a one-line verdict.
import {
  HOURS_PER_MONTH,
  type InstanceTypeSpec,
  type SimulatedModel,
  type TraceRequest,
  UsageError,
} from "@mme/core";
import { describeNeed, type IcLayoutResult, icLayout } from "@mme/platform/plan";
import { round2, usd } from "../money.js";
import { note } from "../output.js";
import { textTable } from "../text-table.js";

export const COMPARE_IC_ARGS = {
  compare: {
    type: "string",
    description:
      "ic: also lay the trace out as inference components (copies per model, instances, cost, waits for copy starts)",
  },
  "copy-cpus": { type: "string", default: "1", description: "--compare ic: CPU cores each copy reserves" },
  "copy-accelerators": {
    type: "string",
    description: "--compare ic: accelerators each copy reserves (default 1 on GPU/Inferentia types, else 0)",
  },
  "scale-in-minutes": {
    type: "string",
    default: "15",
    description: "--compare ic: idle minutes before a model's copies scale in to 0",
  },
} as const;

export interface CompareIcOptions {
  compare?: string;
  "copy-cpus": string;
  "copy-accelerators"?: string;
  "scale-in-minutes": string;
}

/** What an MME row brings to the comparison. */
export interface MmeRowSummary {
  instanceType: string;
  instanceCount: number;
  hitRatio: number;
  mmeMonthlyUsd: number;
}

export interface IcPlanRow extends IcLayoutResult {
  pricePerHour: number;
  keptMonthlyUsd?: number;
  scaleToZeroMonthlyUsd?: number;
}

export interface Verdict {
  instanceType: string;
  mme: { instanceCount: number; monthlyUsd: number; waitShare: number };
  ic?: { monthlyUsd: number; waitShare: number; keptMonthlyUsd: number };
  cheaper: "mme" | "ic" | "same";
  fewerWaits: "mme" | "ic" | "same";
  text: string;
}

/** What --compare ic asks for, checked before any simulation runs; undefined without --compare. */
export interface IcPlanOptions {
  cpusPerCopy: number;
  /** Undefined: 1 on GPU/Inferentia types, else 0. */
  acceleratorsPerCopy?: number;
  scaleInSeconds: number;
}

export function icPlanOptions(args: CompareIcOptions): IcPlanOptions | undefined {
  if (args.compare === undefined) return undefined;
  if (args.compare !== "ic") throw new UsageError(`--compare takes ic, got "${args.compare}"`);
  return {
    cpusPerCopy: atLeast(args["copy-cpus"], "--copy-cpus", 0.25),
    ...(args["copy-accelerators"] === undefined
      ? {}
      : { acceleratorsPerCopy: atLeast(args["copy-accelerators"], "--copy-accelerators", 0) }),
    scaleInSeconds: atLeast(args["scale-in-minutes"], "--scale-in-minutes", 0) * 60,
  };
}

export function icRows(
  options: IcPlanOptions,
  input: {
    types: InstanceTypeSpec[];
    prices: Map<string, number>;
    models: SimulatedModel[];
    requests: TraceRequest[];
    busyThreshold: number;
    serviceSeconds: number;
  },
): IcPlanRow[] {
  return input.types.map((type) => {
    const accelerators = options.acceleratorsPerCopy ?? (type.acceleratorMemoryGiB === undefined ? 0 : 1);
    note(`laying out ${input.models.length} models as inference components on ${type.instanceType}…`);
    const layout = icLayout({
      models: input.models,
      requests: input.requests,
      instanceType: type.instanceType,
      cpusPerCopy: options.cpusPerCopy,
      acceleratorsPerCopy: accelerators,
      requestsPerCopy: input.busyThreshold,
      serviceSeconds: input.serviceSeconds,
      scaleInSeconds: options.scaleInSeconds,
    });
    const price = input.prices.get(type.instanceType)!;
    const monthly = (instances: number) => round2(instances * price * HOURS_PER_MONTH);
    return {
      ...layout,
      pricePerHour: price,
      ...(layout.kept ? { keptMonthlyUsd: monthly(layout.kept.instances) } : {}),
      ...(layout.scaleToZero ? { scaleToZeroMonthlyUsd: monthly(layout.scaleToZero.meanInstances) } : {}),
    };
  });
}

export function icTable(rows: IcPlanRow[]): string {
  const header = ["instance type", "IC layout", "copies", "instances", "waits", "wait (mean)", "IC $/month"];
  const lines = rows.flatMap((r): string[][] => {
    if (!r.kept || !r.scaleToZero) {
      return [
        [
          r.instanceType,
          `a copy of ${r.tooLarge!.targetModel} (${describeNeed(r.tooLarge!.need)}) fits on none`,
          "",
          "",
          "",
          "",
          "",
        ],
      ];
    }
    const zero = r.scaleToZero;
    return [
      [
        r.instanceType,
        "copies kept",
        String(r.copies),
        String(r.kept.instances),
        "0.000",
        "0 ms",
        usd(r.keptMonthlyUsd!),
      ],
      [
        r.instanceType,
        `scale to zero`,
        String(r.copies),
        `${zero.meanInstances.toFixed(1)} mean, ${zero.peakInstances} peak`,
        zero.waitShare.toFixed(3),
        `${(zero.meanWaitSeconds * 1000).toFixed(0)} ms`,
        usd(r.scaleToZeroMonthlyUsd!),
      ],
    ];
  });
  return [textTable(header, lines, 2), copiesLine(rows[0])].join("\n");
}

/** The models with more than one copy by name; the rest counted. */
function copiesLine(row: IcPlanRow | undefined): string {
  if (!row) return "";
  const several = row.models.filter((m) => m.copies > 1).sort((a, b) => b.copies - a.copies);
  const one = row.models.filter((m) => m.copies === 1).length;
  const none = row.models.filter((m) => m.copies === 0).length;
  const named = several.slice(0, 5).map((m) => `${m.targetModel} ×${m.copies}`);
  if (several.length > 5) named.push(`${several.length - 5} more with 2 or more`);
  const counted = [`${one} with 1`, ...(none > 0 ? [`${none} never asked for: 0`] : [])];
  return `copies per model (peak requests in flight ÷ --busy-threshold): ${[...named, ...counted].join(", ")}`;
}

/**
 * The MME sized where more instances stop helping (the fewest instances within 0.005 of the best hit
 * ratio simulated), of the cheapest type, against IC scaled to zero on that type.
 */
export function verdict(mmeRows: MmeRowSummary[], ic: IcPlanRow[]): Verdict | undefined {
  const sized = [...new Set(mmeRows.map((r) => r.instanceType))].map((type) => {
    const ofType = mmeRows.filter((r) => r.instanceType === type);
    const best = Math.max(...ofType.map((r) => r.hitRatio));
    return ofType
      .filter((r) => r.hitRatio >= best - 0.005)
      .sort((a, b) => a.instanceCount - b.instanceCount)[0]!;
  });
  const mmeRow = sized.sort((a, b) => a.mmeMonthlyUsd - b.mmeMonthlyUsd)[0];
  if (!mmeRow) return undefined;
  const icRow = ic.find((r) => r.instanceType === mmeRow.instanceType);
  const mme = {
    instanceCount: mmeRow.instanceCount,
    monthlyUsd: mmeRow.mmeMonthlyUsd,
    waitShare: 1 - mmeRow.hitRatio,
  };
  const mmeText = `MME on ${mme.instanceCount} × ${mmeRow.instanceType} ${usd(mme.monthlyUsd)}/month, ${percent(mme.waitShare)} of requests miss the cache`;
  if (!icRow?.scaleToZero || icRow.keptMonthlyUsd === undefined) {
    return {
      instanceType: mmeRow.instanceType,
      mme,
      cheaper: "mme",
      fewerWaits: "mme",
      text: `verdict: ${mmeText}; IC: a copy of ${icRow?.tooLarge?.targetModel ?? "a model"} fits on no ${mmeRow.instanceType} → IC needs a larger instance type`,
    };
  }
  const icSide = {
    monthlyUsd: icRow.scaleToZeroMonthlyUsd!,
    waitShare: icRow.scaleToZero.waitShare,
    keptMonthlyUsd: icRow.keptMonthlyUsd,
  };
  const cheaper = compare(mme.monthlyUsd, icSide.monthlyUsd, 0.005 * Math.max(mme.monthlyUsd, 1));
  const fewerWaits = compare(mme.waitShare, icSide.waitShare, 0.0005);
  const icText = `IC scaled to zero ${usd(icSide.monthlyUsd)}/month, ${percent(icSide.waitShare)} wait for a copy to start (copies kept: ${usd(icSide.keptMonthlyUsd)}, no waits)`;
  return {
    instanceType: mmeRow.instanceType,
    mme,
    ic: icSide,
    cheaper,
    fewerWaits,
    text: `verdict: ${mmeText}; ${icText} → ${conclusion(cheaper, fewerWaits)}`,
  };
}

function compare(mme: number, ic: number, tolerance: number): "mme" | "ic" | "same" {
  if (Math.abs(mme - ic) <= tolerance) return "same";
  return mme < ic ? "mme" : "ic";
}

function conclusion(cheaper: Verdict["cheaper"], fewerWaits: Verdict["fewerWaits"]): string {
  const name = { mme: "the MME", ic: "IC" } as const;
  const cost = cheaper === "same" ? "both cost the same" : `${name[cheaper]} is cheaper`;
  const waits =
    fewerWaits === "same"
      ? "as many requests wait"
      : fewerWaits === cheaper
        ? "and makes fewer requests wait"
        : `${name[fewerWaits]} makes fewer requests wait`;
  return fewerWaits === cheaper ? `${cost} ${waits}` : `${cost}, ${waits}`;
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)} %`;

function atLeast(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < min)
    throw new UsageError(`${flag} must be a number of at least ${min}, got "${value}"`);
  return n;
}
