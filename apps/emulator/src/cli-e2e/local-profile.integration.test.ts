// The README's promise: after `pnpm start`, `pnpm mme call-model add_sub_v0.tar.gz --local` prints the
// sum and difference. --local is wired to :8080/:9000, so the emulator here runs on free ports and the
// test adds --endpoint-url/--s3-endpoint-url on top of --local.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
