import { INSTANCE_SPECS, INSTANCE_SPECS_AS_OF } from "../instances/instance-specs.js";
import { check, type DoctorCheck } from "./doctor-check.js";
import { formatBytes } from "./format-bytes.js";
import { modelMemoryOf } from "./model-memory.js";
import type { TarballScan } from "./scan-tarballs.js";

/**
 * Which models cannot fit the instance's memory at all, and how many of the largest fit at once.
 * A model's footprint is estimated as its unpacked size (the weights it loads).
 */
export function checkMemoryFit(
  instanceType: string,
  source: string,
  scans: readonly TarballScan[],
): DoctorCheck {
  const spec = INSTANCE_SPECS[instanceType];
  if (!spec) {
    return check(
      "memory-fit",
      "memory fit",
      "warn",
      `${instanceType} is not in mme's instance table (as of ${INSTANCE_SPECS_AS_OF}); model sizes not checked against it`,
      {
        fix: "check the instance type's name (ml.<family>.<size>), or compare model sizes with its memory by hand",
      },
    );
  }
  const memory = modelMemoryOf(spec);
  const sized = scans
    .filter(
      (s): s is TarballScan & { unpackedBytes: number } =>
        s.unpackedBytes !== undefined && s.problems.length === 0,
    )
    .sort((a, b) => b.unpackedBytes - a.unpackedBytes);
  if (sized.length === 0) {
    return check("memory-fit", "memory fit", "skip", `no valid model to size against ${instanceType}`);
  }
  const tooLarge = sized.filter((s) => s.unpackedBytes > memory.bytesPerModelCopy);
  let fitAtOnce = 0;
  let used = 0;
  for (const s of sized) {
    if (used + s.unpackedBytes > memory.bytesPerModelCopy) break;
    used += s.unpackedBytes;
    fitAtOnce++;
  }
  const total = sized.reduce((sum, s) => sum + s.unpackedBytes, 0);
  const data = {
    instanceType,
    instanceTypeFrom: source,
    bytesPerModelCopy: memory.bytesPerModelCopy,
    specsAsOf: INSTANCE_SPECS_AS_OF,
    largestThatFitAtOnce: fitAtOnce,
    tooLarge: tooLarge.map((s) => s.targetModel),
  };
  const where = `${instanceType}'s ${memory.description}`;
  const from = `instance type from ${source}`;
  if (tooLarge.length > 0) {
    return check(
      "memory-fit",
      "memory fit",
      "fail",
      `${tooLarge.length} model${tooLarge.length === 1 ? "" : "s"} cannot fit ${where} (${from}): ${tooLarge.map((s) => `${s.targetModel} (${formatBytes(s.unpackedBytes)} unpacked)`).join(", ")}`,
      {
        fix: "use an instance type with more memory, or make those models smaller (quantize, prune, split)",
        data,
      },
    );
  }
  if (fitAtOnce < sized.length) {
    return check(
      "memory-fit",
      "memory fit",
      "warn",
      `every model fits ${where} alone, but only the ${fitAtOnce} largest fit at once (all ${sized.length} need ${formatBytes(total)}; ${from}): expect evictions and cold starts`,
      {
        fix: "fine for MME if traffic favours a few models; otherwise use a larger instance or more instances",
        data,
      },
    );
  }
  return check(
    "memory-fit",
    "memory fit",
    "pass",
    `${sized.length === 1 ? "the model fits" : sized.length === 2 ? "both models fit" : `all ${sized.length} models fit`} ${where} at once (${formatBytes(total)} unpacked in all; ${from})`,
    { data },
  );
}
