// The start-up warm-up runs a real ONNX model's cold path (real extraction, onnxruntime session threads) in
// its own folder: every round loads and unloads through a cache, and the folder is gone afterwards.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { warmColdPath } from "./cold-path-warm-up.js";

const parent = await mkdtemp(join(tmpdir(), "mme-warm-up-"));
afterAll(() => rm(parent, { recursive: true, force: true }));

it("loads, invokes and unloads the model every round, then removes its folder", async () => {
  const seen: string[] = [];
  const listener = (message: unknown, name: string | symbol) =>
    seen.push(`${String(name)} ${(message as { ref: { targetModel: string } }).ref.targetModel}`);
  for (const name of ["mme:cache:loaded", "mme:cache:unloaded"]) subscribe(name, listener);
  try {
    const dir = join(parent, "rounds");
    const result = await warmColdPath(dir, { rounds: 3 });
    expect(result.rounds).toBe(3);
    expect(result.failure).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
    expect(seen.sort()).toEqual(
      [0, 1, 2]
        .flatMap((i) => [
          `mme:cache:loaded mme_warm_up_${i}.tar.gz`,
          `mme:cache:unloaded mme_warm_up_${i}.tar.gz`,
        ])
        .sort(),
    );
  } finally {
    for (const name of ["mme:cache:loaded", "mme:cache:unloaded"]) unsubscribe(name, listener);
  }
});

it("stops before the next round once its signal aborts, still removing its folder", async () => {
  const dir = join(parent, "aborted");
  const controller = new AbortController();
  controller.abort();
  const result = await warmColdPath(dir, { rounds: 5, signal: controller.signal });
  expect(result.rounds).toBe(0);
  expect(result.failure).toBeUndefined();
  expect(existsSync(dir)).toBe(false);
});

it("says why when it cannot run, and never throws", async () => {
  // A file where its folder's parent should be: nothing can be created under it.
  const blocker = join(parent, "a-file");
  await writeFile(blocker, "");
  const result = await warmColdPath(join(blocker, "warm-up"), { rounds: 2 });
  expect(result.rounds).toBe(0);
  expect(result.failure).toMatch(/ENOTDIR|EEXIST/);
});
