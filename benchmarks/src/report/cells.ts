// Table and figure formatting shared by the Markdown report's sections.

export const ms = (v: number | null | undefined) =>
  v == null ? "–" : v >= 100 ? v.toFixed(0) : v.toPrecision(3);
export const num = (v: number | null | undefined, digits = 0) => (v == null ? "–" : v.toFixed(digits));
export const pct = (v: number | null) => (v == null ? "–" : `${(v * 100).toFixed(1)} %`);
export const size = (bytes: number) =>
  bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
export const mib = (bytes: number | null) => (bytes == null ? "–" : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
