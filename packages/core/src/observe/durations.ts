import { UsageError } from "../errors/index.js";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "10m", "1h", "2d" (or plain seconds) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new UsageError(`${flag} must be a duration such as 90s, 10m, 1h or 2d (got "${text}")`);
  }
  return Math.round(Number(match[1]) * UNITS[match[2] || "s"]!);
}
