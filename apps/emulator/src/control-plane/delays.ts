/** Timers that a closing plane ends at once, so no transition waits out its delay only to be closed. */
export class Delays {
  readonly #ends = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#ends.delete(end);
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.#ends.add(end);
    });
  }

  endAll(): void {
    for (const end of [...this.#ends]) end();
  }
}
