import { cliIo } from "./io.js";

/** Data for stdout: JSON with --json, otherwise the human text. */
export function printResult(json: boolean, data: unknown, human: () => string): void {
  const text = json ? JSON.stringify(data, jsonReplacer, 2) : human();
  if (text !== "") cliIo().stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Progress and status lines go to stderr so stdout stays clean for --json. */
export function note(line: string): void {
  cliIo().stderr.write(`${line}\n`);
}

/** Aligned "label  value" lines. */
export function formatRows(rows: [string, string | number | undefined][]): string {
  const present = rows.filter(
    (row): row is [string, string | number] => row[1] !== undefined && row[1] !== "",
  );
  const width = Math.max(0, ...present.map(([label]) => label.length));
  return present.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n");
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}
