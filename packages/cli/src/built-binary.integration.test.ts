import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(PACKAGE, "bin/mme.js");
const built = existsSync(join(PACKAGE, "dist/main.js"));
if (!built)
  console.log("skipping the built-binary test: packages/cli/dist is absent (run pnpm -F @mme/cli build)");

async function mme(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(!built)("the built mme binary", () => {
  it("lists its commands, validates a model, and exits 2 on usage errors", async () => {
    const help = await mme(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("create-endpoint");
    expect(help.stdout).toContain("validate-model");

    const valid = await mme(["validate-model", resolve(PACKAGE, "../../model_registry/add_sub")]);
    expect(valid).toEqual({
      code: 0,
      stdout: "add_sub: valid Triton model (python, versions 1)\n",
      stderr: "",
    });

    const usage = await mme(["frobnicate"]);
    expect(usage).toMatchObject({
      code: 2,
      stderr: 'UsageError: unknown command "frobnicate" (see mme --help)\n',
    });
  });
});
