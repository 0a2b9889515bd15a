// `pnpm lint` runs dependency-cruiser with the repository's .dependency-cruiser.cjs: these fixtures, laid
// out as the repository is, show it refuses each kind of import that breaks the code map.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./config/emulator-config.js";

const DEPCRUISE = join(REPO_ROOT, "node_modules/.bin/depcruise");
const CONFIG = join(REPO_ROOT, ".dependency-cruiser.cjs");

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Writes `files` (path → the paths it imports) and runs the lint's cruise over them. */
async function cruise(files: Record<string, string[]>): Promise<{ code: number; output: string }> {
  dir = await mkdtemp(join(tmpdir(), "mme-code-map-"));
  for (const [file, imports] of Object.entries(files)) {
    await mkdir(join(dir, dirname(file)), { recursive: true });
    const lines = imports.map((target, i) => `import { x${i} } from "${target}";`);
    await writeFile(join(dir, file), `${lines.join("\n")}\nexport const x = 1;\n`);
  }
  try {
    const roots = [...new Set(Object.keys(files).map((file) => file.split("/")[0]!))];
    const { stdout } = await promisify(execFile)(DEPCRUISE, ["--config", CONFIG, ...roots], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("the code map `pnpm lint` checks", () => {
  it("passes imports that run down the layers", async () => {
    const result = await cruise({
      "apps/emulator/src/http/server.ts": ["../wire/errors.js", "../../../../packages/platform/src/index.js"],
      "apps/emulator/src/wire/errors.ts": [],
      "packages/platform/src/index.ts": ["./cache/cache.js", "../../core/src/index.js"],
      "packages/platform/src/cache/cache.ts": [],
      "packages/core/src/index.ts": [],
    });
    expect(result.output).toContain("no dependency violations found");
    expect(result.code).toBe(0);
  });

  it("refuses an emulator folder importing a folder above it", async () => {
    const result = await cruise({
      "apps/emulator/src/metrics/metrics.ts": ["../control-plane/plane.js"],
      "apps/emulator/src/control-plane/plane.ts": [],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /error emulator: metrics: apps\/emulator\/src\/metrics\/metrics\.ts → apps\/emulator\/src\/control-plane\/plane\.ts/,
    );
  });

  it("refuses a package importing an app, and a package importing one above it", async () => {
    const result = await cruise({
      "packages/core/src/index.ts": ["../../../apps/emulator/src/index.js"],
      "apps/emulator/src/index.ts": [],
      "packages/runtime/src/index.ts": ["../../platform/src/index.js"],
      "packages/platform/src/index.ts": [],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/error package-imports-app: packages\/core\/src\/index\.ts/);
    expect(result.output).toMatch(/error packages: packages\/runtime: packages\/runtime\/src\/index\.ts/);
  });

  it("refuses a cycle, even inside one folder", async () => {
    const result = await cruise({
      "apps/emulator/src/wire/a.ts": ["./b.js"],
      "apps/emulator/src/wire/b.ts": ["./a.js"],
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/error no-circular: apps\/emulator\/src\/wire\/a\.ts/);
  });
});
