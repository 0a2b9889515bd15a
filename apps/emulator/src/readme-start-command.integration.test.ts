// The README's `pnpm start -- --port 8081 --memory-bytes …`, with its arguments as pnpm 12 hands them to
// the emulator: the `--` included. Only the port is swapped for a free one (this machine is shared).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REPO_ROOT } from "./config/emulator-config.js";
import { type EmulatorProcess, startEmulatorProcess } from "./test-support/emulator-process.js";
import { endpointStatus } from "./test-support/status-route.js";

let workDir: string;
let emulator: EmulatorProcess | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-readme-start-"));
});

afterAll(async () => {
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

it("starts with the flags the README gives `pnpm start`, after the `--` pnpm passes on", async () => {
  const readme = await readFile(join(REPO_ROOT, "README.md"), "utf8");
  const command = /`pnpm start (-- [^`]+)`/.exec(readme)?.[1];
  expect(command, "README.md shows `pnpm start -- <flags>`").toBeDefined();
  const args = command!.split(/\s+/).map((arg, i, all) => (all[i - 1] === "--port" ? "0" : arg));
  expect(args.slice(0, 2)).toEqual(["--", "--port"]);
  const memoryBytes = Number(args[args.indexOf("--memory-bytes") + 1]);

  emulator = await startEmulatorProcess([...args, "--data-dir", workDir, "--log-level", "warn"]);
  const status = await endpointStatus(emulator.url, LOCAL_PROFILE.endpointName);
  expect(status.endpointStatus).toBe("InService");
  expect(status.bytes?.memory.limit).toBe(memoryBytes);
  expect(await emulator.stop()).toBe(0);
});
