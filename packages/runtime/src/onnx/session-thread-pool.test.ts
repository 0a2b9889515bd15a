import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempDir, tempDir, writeAddSubOnnx } from "../test-support/fixtures.js";
import { OnnxSession } from "./onnx-session.js";
import type { WireTensor } from "./ort-tensors.js";
import { SessionThreadPool } from "./session-thread-pool.js";

let dir: TempDir;
let modelFile: string;

beforeAll(async () => {
  dir = await tempDir();
  modelFile = join(await writeAddSubOnnx(dir.path), "add_sub_onnx", "1", "model.onnx");
});
afterAll(async () => {
  await dir.remove();
});

const OPTIONS = { executionProviders: ["cpu"], intraOpNumThreads: 1 };

function feeds(a: number[], b: number[]): Record<string, WireTensor> {
  return {
    INPUT0: { type: "float32", dims: [4], data: Float32Array.from(a) },
    INPUT1: { type: "float32", dims: [4], data: Float32Array.from(b) },
  };
}

async function sum(session: OnnxSession, a: number[], b: number[]): Promise<number[]> {
  const outputs = await session.run(feeds(a, b), ["OUTPUT0"]);
  return [...(outputs.OUTPUT0!.data as Float32Array)];
}

describe("SessionThreadPool", () => {
  it("hosts many sessions on a few threads, each answering for its own session", async () => {
    const pool = new SessionThreadPool(2);
    const sessions = await Promise.all(
      Array.from({ length: 6 }, () => OnnxSession.start(modelFile, OPTIONS, new Set(), pool)),
    );
    expect(new Set(sessions.map((s) => s.thread)).size).toBe(2);
    const sums = await Promise.all(sessions.map((s, i) => sum(s, [i, i, i, i], [1, 2, 3, 4])));
    sums.forEach((values, i) => {
      expect(values).toEqual([i + 1, i + 2, i + 3, i + 4]);
    });
    await sessions[0]!.release();
    await expect(sessions[0]!.run(feeds([1, 1, 1, 1], [1, 1, 1, 1]), ["OUTPUT0"])).rejects.toThrow(
      /session unavailable: released/,
    );
    expect(await sum(sessions[1]!, [1, 1, 1, 1], [1, 1, 1, 1])).toEqual([2, 2, 2, 2]);
    await Promise.all(sessions.map((s) => s.release()));
  });

  it("puts a model's instances on distinct threads, starting extra ones beyond its size", async () => {
    const pool = new SessionThreadPool(1);
    const first = await OnnxSession.start(modelFile, OPTIONS, new Set(), pool);
    const second = await OnnxSession.start(modelFile, OPTIONS, new Set([first.thread]), pool);
    expect(second.thread).not.toBe(first.thread);
    await second.release();
    // The extra thread goes once idle; the pool's own thread takes the next session.
    const third = await OnnxSession.start(modelFile, OPTIONS, new Set(), pool);
    expect(third.thread).toBe(first.thread);
    await Promise.all([first.release(), third.release()]);
  });

  it("fails the sessions of a thread that died, and places new ones on a live thread", async () => {
    const pool = new SessionThreadPool(1);
    const doomed = await OnnxSession.start(modelFile, OPTIONS, new Set(), pool);
    await doomed.thread.terminate();
    await expect(sum(doomed, [1, 2, 3, 4], [1, 1, 1, 1])).rejects.toThrow(/session unavailable: its thread/);
    expect(doomed.unavailableReason).toMatch(/exited with code/);
    const fresh = await OnnxSession.start(modelFile, OPTIONS, new Set(), pool);
    expect(fresh.thread).not.toBe(doomed.thread);
    expect(await sum(fresh, [1, 2, 3, 4], [1, 1, 1, 1])).toEqual([2, 3, 4, 5]);
    await fresh.release();
  });

  it("rejects a file onnxruntime cannot read with its message, and keeps the thread for others", async () => {
    const pool = new SessionThreadPool(1);
    await expect(OnnxSession.start(join(dir.path, "missing.onnx"), OPTIONS, new Set(), pool)).rejects.toThrow(
      /missing\.onnx|No such file|Load model/i,
    );
    const session = await OnnxSession.start(modelFile, OPTIONS, new Set(), pool);
    expect(await sum(session, [0, 0, 0, 0], [1, 1, 1, 1])).toEqual([1, 1, 1, 1]);
    await session.release();
  });
});
