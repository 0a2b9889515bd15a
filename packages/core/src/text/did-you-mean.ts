import { distance } from "fastest-levenshtein";

/**
 * The candidates closest to `input` (the smallest edit distance; ties in the given order), if that is close
 * enough to be a typo: at most a third of the longer name changed, and never more than 4 edits.
 */
export function didYouMean(input: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const d = distance(input.toLowerCase(), name.toLowerCase());
    if (d > 0 && d <= Math.min(4, Math.ceil(Math.max(input.length, name.length) / 3)))
      scored.push({ name, d });
  }
  const best = Math.min(...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d === best)
    .slice(0, max)
    .map((s) => s.name);
}

/** " (did you mean a or b?)", each shown after `prefix` (e.g. "--"), or "" when nothing is close. */
export function didYouMeanHint(input: string, candidates: Iterable<string>, prefix = ""): string {
  const close = didYouMean(input, candidates).map((name) => `${prefix}${name}`);
  return close.length === 0 ? "" : ` (did you mean ${close.join(" or ")}?)`;
}
