import { describe, expect, it } from "vitest";
import { SaveQueue } from "./save-queue.js";

/** A write that records the state it saw and finishes when released. */
function gatedWrites(read: () => number) {
  const written: number[] = [];
  const gates: (() => void)[] = [];
  const queue = new SaveQueue(
    () =>
      new Promise<void>((resolve) => {
        const seen = read();
        gates.push(() => {
          written.push(seen);
          resolve();
        });
      }),
  );
  return { queue, written, release: () => gates.shift()?.() };
}

describe("SaveQueue", () => {
  it("resolves a save only after a write that began after it: changes during a write wait for the next", async () => {
    let state = 1;
    const { queue, written, release } = gatedWrites(() => state);
    const first = queue.save();
    await Promise.resolve();
    state = 2; // changed while the first write runs
    const second = queue.save();
    state = 3;
    const third = queue.save(); // folds into the second
    expect(third).toBe(second);
    release();
    await first;
    expect(written).toEqual([1]);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await second;
    expect(written).toEqual([1, 3]);
  });

  it("a failed write rejects its savers, and the next save writes again", async () => {
    let fail = true;
    const queue = new SaveQueue(async () => {
      if (fail) throw new Error("disk full");
    });
    await expect(queue.save()).rejects.toThrow("disk full");
    fail = false;
    await expect(queue.save()).resolves.toBeUndefined();
    await queue.idle();
  });
});
