// A row of block characters, one per value, scaled between the row's minimum and maximum (▁ … █);
// a gap (no data) is a space. Eight levels, as `spark` draws them: too small a job for a dependency.
const BLOCKS = "▁▂▃▄▅▆▇█";

export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return " ".repeat(values.length);
  const min = Math.min(...present);
  const span = Math.max(...present) - min;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return " ";
      const level =
        span === 0 ? (v === 0 ? 0 : BLOCKS.length - 1) : Math.round(((v - min) / span) * (BLOCKS.length - 1));
      return BLOCKS[level];
    })
    .join("");
}
