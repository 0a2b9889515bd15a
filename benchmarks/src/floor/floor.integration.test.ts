// `node benchmarks/dist/floor/main.js` end to end (from source): both container modes and the bare proxy
// answer every request, and every process's CPU per request is read. Never a speed.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runBenchScript } from "../test-support/bench-cli.js";
import type { FloorRow } from "./main.js";

let outDir: string | undefined;

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

it("measures the emulator in both container modes beside the runtime direct, co-hosted, and the bare proxy", async () => {
  outDir = await mkdtemp(join(tmpdir(), "mme-floor-test-"));
  const jsonFile = join(outDir, "floor.json");
  const { code, stdout, stderr } = await runBenchScript(
    "floor/main.ts",
    ["--connections", "1", "--duration", "2", "--rounds", "2", "--warm-up", "1", "--json", jsonFile],
    170_000,
  );
  expect(code, stderr.slice(-3000)).toBe(0);
  expect(stdout).toContain("In-process runtime: the emulator against the runtime's server direct");
  expect(stdout).toContain(
    "Same process: the emulator against the runtime's server inside the emulator's process",
  );
  expect(stdout).toContain(
    "HTTP container: the emulator fronting the runtime's server against a bare node:http",
  );
  const rows = JSON.parse(await readFile(jsonFile, "utf8")) as FloorRow[];
  expect(rows.map((row) => row.connections)).toEqual([1]);
  const [row] = rows;
  expect(row!.rounds).toHaveLength(2);
  for (const round of row!.rounds) {
    for (const measured of [round.embedded, round.coHosted, round.direct, round.fronting, round.proxy]) {
      expect(measured.run.requests).toBeGreaterThan(0);
      expect(measured.run.errors).toBe(0);
      expect(measured.run.non2xx).toBe(0);
    }
    expect(round.embedded.cpuMicrosPerRequest.emulator).toBeGreaterThan(0);
    expect(round.coHosted.cpuMicrosPerRequest.emulator).toBeGreaterThan(0);
    expect(round.direct.cpuMicrosPerRequest.runtime).toBeGreaterThan(0);
    expect(round.fronting.cpuMicrosPerRequest["emulator-http"]).toBeGreaterThan(0);
    expect(round.proxy.cpuMicrosPerRequest.proxy).toBeGreaterThan(0);
  }
}, 180_000);
