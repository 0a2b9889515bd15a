// The README's promise: after `pnpm start`, `pnpm mme call-model add_sub_v0.tar.gz --local` prints the
// sum and difference. The in-process emulator writes no emulator.json (its main.ts does, below), so the
// first tests add --endpoint-url/--s3-endpoint-url on top of --local; the last follows a real process.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { runMme } from "@mme/cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorProcess } from "../test-support/emulator-process.js";
import { type LocalEmulator, REPO_ROOT, startLocalEmulator } from "../test-support/local-emulator.js";

const ADD_SUB_PRINTED = "OUTPUT0 FP32 [4]: 5 5 5 5\nOUTPUT1 FP32 [4]: -3 -1 1 3\n";
const BUILT_MAIN = join(REPO_ROOT, "packages/cli/dist/main.js");

let local: LocalEmulator;

beforeAll(async () => {
  local = await startLocalEmulator();
});
afterAll(async () => {
  await local?.stop();
});

describe("mme --local against a freshly started emulator", () => {
  it("calls the seeded add_sub on the default endpoint (in-process)", async () => {
    const run = await local.mme(["call-model", "add_sub_v0.tar.gz"]);
    expect(run).toEqual({ code: 0, stdout: ADD_SUB_PRINTED, stderr: "" });
  });

  it.skipIf(!existsSync(BUILT_MAIN))("does the same as `pnpm mme` (the built binary)", async () => {
    // What `pnpm mme` runs; no AWS credentials in the environment: --local supplies its own.
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BUILT_MAIN, "call-model", "add_sub_v0.tar.gz", ...local.localFlags],
      { env: { PATH: process.env.PATH }, cwd: REPO_ROOT },
    );
    expect({ stdout, stderr }).toEqual({ stdout: ADD_SUB_PRINTED, stderr: "" });
  });

  it("lists the seeded models under the local prefix", async () => {
    const run = await local.mme(["list-models"]);
    expect(run.code, run.stderr).toBe(0);
    const keys = run.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(/\s+/).at(-1));
    expect(keys).toEqual(["add_sub_v0.tar.gz", "small_image_v0.tar.gz"]);
  });
});

describe("mme --local follows the emulator process it finds in the data folder", () => {
  it("reads emulator.json, prints a hint that works as printed, ranks MME_* above it, forgets it at stop", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "mme-local-follow-"));
    const emulator = await startEmulatorProcess(["--data-dir", dataDir, "--log-level", "warn"]);
    try {
      const info = JSON.parse(await readFile(join(dataDir, "emulator.json"), "utf8")) as Record<
        string,
        unknown
      >;
      expect(info).toMatchObject({
        endpointUrl: emulator.url,
        s3EndpointUrl: emulator.s3Url,
        endpointName: "sagemaker-poc",
      });
      const hint = /try: (MME_DATA_DIR=(\S+) pnpm mme (call-model add_sub_v0\.tar\.gz --local)) {2}\(/.exec(
        emulator.output(),
      );
      expect(hint?.[2]).toBe(dataDir);
      const env = { MME_DATA_DIR: hint![2]! };
      expect(await runMme(hint![3]!.split(" "), { env })).toEqual({
        code: 0,
        stdout: ADD_SUB_PRINTED,
        stderr: "",
      });
      const named = await runMme(["call-model", "add_sub_v0.tar.gz", "--local"], {
        env: { ...env, MME_ENDPOINT_NAME: "nope" },
      });
      expect(named.code).toBe(1);
      expect(named.stderr).toMatch(/Endpoint nope of account 000000000000 not found/);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
    expect(existsSync(join(dataDir, "emulator.json"))).toBe(false);
    await rm(dataDir, { recursive: true, force: true });
  });
});
