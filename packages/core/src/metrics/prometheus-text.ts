// The sample lines of a Prometheus text exposition: `name{label="value",…} value [timestamp]`, the one
// reader of the emulator's GET /metrics (benchmarks, tests). Not a library: the only npm parser,
// parse-prometheus-text-format 1.1.1, folds labelled histograms into one series and drops their
// _sum and _count, which is all the readers here need.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) continue;
    const [, name = "", labelText = "", valueText = ""] = match;
    const labels: Record<string, string> = {};
    for (const pair of labelText.matchAll(LABEL_PAIR)) labels[pair[1] ?? ""] = unescapeLabel(pair[2] ?? "");
    const value =
      valueText === "+Inf"
        ? Number.POSITIVE_INFINITY
        : valueText === "-Inf"
          ? Number.NEGATIVE_INFINITY
          : Number(valueText);
    samples.push({ name, labels, value });
  }
  return samples;
}

/** Sum of every sample named `name` whose labels include all of `where`. */
export function sumOf(samples: readonly Sample[], name: string, where: Record<string, string> = {}): number {
  let total = 0;
  for (const s of samples) {
    if (s.name !== name) continue;
    if (Object.entries(where).every(([k, v]) => s.labels[k] === v)) total += s.value;
  }
  return total;
}

/** The value of the first sample named `name` whose labels include all of `where`; 0 when there is none. */
export function sampleValue(text: string, name: string, where: Record<string, string> = {}): number {
  const sample = parsePrometheusText(text).find(
    (s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v),
  );
  return sample?.value ?? 0;
}
