/** Columns padded to their widest cell, two spaces apart: the first `leftColumns` left-aligned, numbers right. */
export function textTable(header: string[], lines: string[][], leftColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [format(header), ...lines.map(format)].join("\n");
}
