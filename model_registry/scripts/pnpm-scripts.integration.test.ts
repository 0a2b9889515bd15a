// The README's `pnpm models:fleet` typed the two ways users type pnpm scripts: with the `--` (which
// pnpm 12 passes on to the script) and without it. Real pnpm, real script, a temp output folder.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { REGISTRY_ROOT } from "../src/index.js";

const run = promisify(execFile);
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-pnpm-scripts-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it.each([
  ["with", ["--"]],
  ["without", []],
])("pnpm models:fleet takes its flags %s the `--`", async (_how, separator) => {
  const out = join(workDir, `fleet-${separator.length}`);
  const { stdout } = await run(
    "pnpm",
    ["models:fleet", ...separator, "--count", "2", "--kind", "add_sub_onnx", "--out", out],
    { cwd: join(REGISTRY_ROOT, "..") },
  );
  expect(stdout).toContain(`2 add_sub_onnx tarballs in ${out}`);
  expect((await readdir(out)).filter((name) => name.endsWith(".tar.gz"))).toHaveLength(2);
});
