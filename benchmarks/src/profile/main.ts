// `node benchmarks/dist/profile/main.js --profile-dir DIR --report REPORT.json`: the emulator's CPU
// profile from `pnpm bench -- --cpu-prof DIR`, summed by area in µs per request (requests: the emulator
// side of the report's warm runs, plus the 200 warm-up requests each warm scenario sends).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AREAS, type CpuProfile, summarizeProfile } from "./profile-areas.js";

const WARM_UP_REQUESTS = 200;

interface Report {
  results: { scenario: string; runs?: { emulator?: { requests: number } }[] }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "profile-dir": { type: "string" },
      report: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const dir = values["profile-dir"];
  const reportFile = values.report;
  if (!dir || !reportFile) {
    console.error(
      "usage: node benchmarks/dist/profile/main.js --profile-dir DIR --report REPORT.json [--json]",
    );
    process.exit(2);
  }
  const report = JSON.parse(await readFile(reportFile, "utf8")) as Report;
  const warm = report.results.filter((result) => result.scenario === "warm");
  const requests = warm.reduce(
    (sum, result) =>
      sum + WARM_UP_REQUESTS + (result.runs ?? []).reduce((n, run) => n + (run.emulator?.requests ?? 0), 0),
    0,
  );
  // node writes one profile per thread: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, thread 0 the main one.
  const files = (await readdir(dir)).filter((name) => name.endsWith(".cpuprofile")).sort();
  if (files.length === 0) {
    console.error(`no .cpuprofile in ${dir}`);
    process.exit(2);
  }
  const summaries = [];
  for (const file of files) {
    const profile = JSON.parse(await readFile(join(dir, file), "utf8")) as CpuProfile;
    const thread = Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1] ?? 0);
    summaries.push({
      file,
      thread: thread === 0 ? "main" : `worker ${thread}`,
      ...summarizeProfile(profile, requests),
    });
  }
  if (values.json) {
    console.log(JSON.stringify({ requests, threads: summaries }, null, 2));
    return;
  }
  console.log(`${requests} requests`);
  for (const summary of summaries) {
    console.log(`${summary.thread} thread: ${(summary.busyMicros / requests).toFixed(1)} µs CPU per request`);
    for (const area of AREAS)
      console.log(`  ${area.padEnd(9)} ${summary.microsPerRequest[area].toFixed(1)} µs`);
  }
}

await main();
