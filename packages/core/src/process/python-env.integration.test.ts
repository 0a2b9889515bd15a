// ensurePythonEnv against real python3 -m venv and pip, in a scratch "repository" with its own
// requirements-dev.txt. pip is pointed at no index (PIP_NO_INDEX), as on a machine without PyPI.
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { ensurePythonEnv, PythonEnvError } from "./python-env.js";

const run = promisify(execFile);
const dirs: string[] = [];

async function repoWith(requirements: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mme-python-env-"));
  dirs.push(dir);
  await writeFile(join(dir, "requirements-dev.txt"), requirements);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("ensurePythonEnv", () => {
  it("makes .venv on python3's own packages when they satisfy the requirements, once", async () => {
    const repoRoot = await repoWith("# the project's\nnumpy>=1.0\nboto3>=1.0  # a client\n");
    const lines: string[] = [];
    const env = await ensurePythonEnv({ repoRoot, log: (line) => lines.push(line) });
    expect(env.binDir).toBe(join(repoRoot, ".venv", "bin"));
    const { stdout } = await run(env.python, ["-c", "import sys, numpy; print(sys.prefix)"]);
    expect(stdout.trim()).toBe(join(repoRoot, ".venv"));
    expect(lines).toEqual([
      expect.stringMatching(/^creating .*\.venv from python3 \(--system-site-packages\)$/),
    ]);

    const made = (await stat(env.python)).mtimeMs;
    const again: string[] = [];
    await ensurePythonEnv({ repoRoot, log: (line) => again.push(line) });
    expect(again).toEqual([]);
    expect((await stat(env.python)).mtimeMs).toBe(made);
  });

  it("tries pip for what is missing and, when it cannot, names the packages and the fix in one line", async () => {
    const repoRoot = await repoWith("numpy>=1.0\nmme-no-such-package>=1\nnumpy>=999\n");
    const attempt = ensurePythonEnv({ repoRoot, env: { ...process.env, PIP_NO_INDEX: "1" } });
    await expect(attempt).rejects.toBeInstanceOf(PythonEnvError);
    const message = await attempt.catch((error: Error) => error.message);
    expect(message).not.toContain("\n");
    expect(message).toMatch(
      /^Python packages missing: mme-no-such-package>=1, numpy>=999; pip install -r requirements-dev\.txt into \.venv failed \(.+\)\. Fix: make PyPI .* and delete \.venv$/,
    );
  });

  it("checks a requirement's extras too (moto[server] needs flask)", async () => {
    const repoRoot = await repoWith("moto[server]>=5\n");
    await expect(
      ensurePythonEnv({ repoRoot, env: { ...process.env, PIP_NO_INDEX: "1" } }),
    ).resolves.toBeDefined();
    const missingExtra = await repoWith("moto[mme-no-such-extra]>=5\nboto3[crt]>=1\n");
    // An extra nobody declares adds nothing; awscrt (boto3[crt]) is not installed here.
    const crt = await run("python3", ["-c", "import awscrt"]).then(
      () => true,
      () => false,
    );
    const result = ensurePythonEnv({ repoRoot: missingExtra, env: { ...process.env, PIP_NO_INDEX: "1" } });
    if (crt) await expect(result).resolves.toBeDefined();
    else await expect(result).rejects.toThrow(/^Python packages missing: boto3\[crt\]>=1;/);
  });
});
