// The highest request rate meeting an SLO: from the first rate, double while it is met (halve while it is
// not), then bisect between the highest rate met and the lowest missed until they are within `precision`.
// Each probe is a whole stable step (the caller's), so a probe is never a single noisy window.

export interface SloProbe {
  rate: number;
  meets: boolean;
}

export interface SloSearchOptions {
  startRate: number;
  /** Stop bisecting when lowest miss ÷ highest met ≤ 1 + precision (default 0.1). */
  precision?: number;
  /** No probe above this rate (default 100,000 /s). */
  maxRate?: number;
  /** No probe below this rate (default 0.1 /s). */
  minRate?: number;
  /** At most this many probes (default 16). */
  maxProbes?: number;
}

export interface SloSearchResult {
  /** The highest rate met, or null when every rate tried missed. */
  best: number | null;
  /** The lowest rate missed, or null when none missed. */
  firstMiss: number | null;
  probes: SloProbe[];
}

export async function searchSloRate(
  probe: (rate: number) => Promise<boolean>,
  options: SloSearchOptions,
): Promise<SloSearchResult> {
  const precision = options.precision ?? 0.1;
  const maxRate = options.maxRate ?? 100_000;
  const minRate = options.minRate ?? 0.1;
  const maxProbes = options.maxProbes ?? 16;
  const probes: SloProbe[] = [];
  let best: number | null = null;
  let firstMiss: number | null = null;
  const tryRate = async (rate: number) => {
    const meets = await probe(rate);
    probes.push({ rate, meets });
    if (meets) best = Math.max(best ?? 0, rate);
    else firstMiss = Math.min(firstMiss ?? Number.POSITIVE_INFINITY, rate);
    return meets;
  };
  let rate = Math.min(Math.max(options.startRate, minRate), maxRate);
  const firstMet = await tryRate(rate);
  // Bracket: grow while met, shrink while missed.
  while (probes.length < maxProbes) {
    const next = firstMet ? rate * 2 : rate / 2;
    if (next > maxRate || next < minRate) break;
    rate = next;
    if ((await tryRate(rate)) !== firstMet) break;
  }
  while (
    best !== null &&
    firstMiss !== null &&
    probes.length < maxProbes &&
    firstMiss / best > 1 + precision
  ) {
    await tryRate(round((best + firstMiss) / 2));
  }
  return { best, firstMiss, probes };
}

/** Rates to 3 significant digits, so the report reads 150, not 149.99999. */
function round(rate: number): number {
  return Number(rate.toPrecision(3));
}
