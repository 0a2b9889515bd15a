// Wakes everyone waiting for "something was released or unloaded", so they can re-check for room.

export class ChangeSignal {
  #waiters = new Set<() => void>();

  notify(): void {
    // Every lease's release notifies: nobody waiting is the common case, and costs no copy.
    if (this.#waiters.size === 0) return;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  wait(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!signal) {
        this.#waiters.add(resolve);
        return;
      }
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.#waiters.delete(wake);
        reject(signal.reason);
      };
      const wake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
