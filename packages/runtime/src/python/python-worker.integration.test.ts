import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedRuntime } from "../embedded-runtime.js";
import {
  isAlive,
  parseJson,
  quietRuntimeOptions,
  type TempDir,
  tempDir,
  writePythonModel,
} from "../test-support/fixtures.js";
import { PythonWorker } from "./python-worker.js";

/** initialize() records its pid, then never returns; `extra` runs first (e.g. ignoring SIGTERM). */
const hangingInitialize = (extra = "") => `
import os, signal, time

class TritonPythonModel:
    def initialize(self, args):
        ${extra || "pass"}
        with open(os.path.join(args["model_repository"], "pid"), "w") as f:
            f.write(str(os.getpid()))
        while True:
            time.sleep(3600)
`;

let dir: TempDir;

/** The pid a hanging initialize() wrote; `wait` polls for it while the worker is still starting. */
async function pidWrittenIn(model: string, wait = false): Promise<number> {
  const file = join(model, "pid");
  const written = async () => existsSync(file) && (await readFile(file, "utf8")) !== "";
  while (wait && !(await written())) await sleep(20);
  expect(await written(), "initialize() never started: raise the test's timeout on a slow machine").toBe(
    true,
  );
  return Number(await readFile(file, "utf8"));
}

function startWorker(model: string, extra: { initializeTimeoutMs?: number; signal?: AbortSignal }) {
  return PythonWorker.start({
    python: process.env.MME_PYTHON ?? "python3",
    env: process.env,
    kind: "python",
    modelFile: join(model, "1", "model.py"),
    args: { model_repository: model },
    instanceName: "hang_0_0",
    logger: pino({ level: "silent" }),
    ...extra,
  });
}

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir.remove();
});

// The bound counts from the spawn, so it includes python3's start (numpy import): 5 s leaves a busy
// machine time to reach initialize() before the bound, which the pid checks below rely on.
describe("Python worker initialize bound", () => {
  it("a hanging initialize fails the load after MME_PYTHON_INIT_TIMEOUT_MS, naming it, and the worker is gone", async () => {
    const model = await writePythonModel(dir.path, "hang", hangingInitialize());
    const runtime = new EmbeddedRuntime(
      quietRuntimeOptions({ env: { ...process.env, MME_PYTHON_INIT_TIMEOUT_MS: "5000" } }),
    );
    const reply = await runtime.load("hang", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toBe(
      "instance hang_0_0 failed to initialize: initialize() did not finish within 5000 ms (MME_PYTHON_INIT_TIMEOUT_MS); the worker was killed",
    );
    expect(isAlive(await pidWrittenIn(model))).toBe(false);
    expect(await runtime.describe("hang")).toBeUndefined();
    await runtime.close();
  });

  it("a worker that ignores SIGTERM is SIGKILLed after the grace", async () => {
    const model = await writePythonModel(
      dir.path,
      "stubborn",
      hangingInitialize("signal.signal(signal.SIGTERM, signal.SIG_IGN)"),
    );
    await expect(startWorker(model, { initializeTimeoutMs: 5000 })).rejects.toThrow(
      /did not finish within 5000 ms \(MME_PYTHON_INIT_TIMEOUT_MS\); the worker was killed/,
    );
    expect(isAlive(await pidWrittenIn(model))).toBe(false);
  });

  it("aborting the start during initialize kills the worker and fails the load as cancelled", async () => {
    const model = await writePythonModel(dir.path, "cancelled", hangingInitialize());
    const controller = new AbortController();
    const starting = startWorker(model, { signal: controller.signal });
    const pid = await pidWrittenIn(model, true);
    expect(isAlive(pid)).toBe(true);
    controller.abort();
    await expect(starting).rejects.toThrow(
      "instance hang_0_0: the load was cancelled before initialize() finished",
    );
    expect(isAlive(pid)).toBe(false);
  });

  it("a bad MME_PYTHON_INIT_TIMEOUT_MS is a clear 400 load error", async () => {
    const model = await writePythonModel(dir.path, "bad_setting", hangingInitialize());
    const runtime = new EmbeddedRuntime(
      quietRuntimeOptions({ env: { ...process.env, MME_PYTHON_INIT_TIMEOUT_MS: "soon" } }),
    );
    const reply = await runtime.load("bad_setting", model);
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toBe(
      "MME_PYTHON_INIT_TIMEOUT_MS must be a positive whole number of milliseconds, got 'soon'",
    );
    expect(existsSync(join(model, "pid"))).toBe(false);
    await runtime.close();
  });
});

describe("unload or close during a pending initialize", () => {
  it("an unload cancels the load and kills the worker", async () => {
    const model = await writePythonModel(dir.path, "unload_mid", hangingInitialize());
    const runtime = new EmbeddedRuntime(quietRuntimeOptions());
    const loading = runtime.load("unload_mid", model);
    const pid = await pidWrittenIn(model, true);
    const unloaded = await runtime.unload("unload_mid");
    expect(unloaded.status).toBe(200);
    const reply = await loading;
    expect(reply.status).toBe(400);
    expect(parseJson(reply.body).error).toMatch(/cancelled before initialize\(\) finished/);
    expect(isAlive(pid)).toBe(false);
    expect(await runtime.describe("unload_mid")).toBeUndefined();
    await runtime.close();
  });

  it("close() kills a worker still in initialize()", async () => {
    const model = await writePythonModel(dir.path, "close_mid", hangingInitialize());
    const runtime = new EmbeddedRuntime(quietRuntimeOptions());
    const loading = runtime.load("close_mid", model);
    const pid = await pidWrittenIn(model, true);
    await runtime.close();
    expect(isAlive(pid)).toBe(false);
    expect((await loading).status).toBe(400);
  });
});
