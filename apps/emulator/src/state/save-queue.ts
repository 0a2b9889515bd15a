// Serializes saves of one file and folds the ones asked for while a write runs into the next write: every
// save() resolves once a write that began after it was asked for has finished, so a caller that changed
// the state and awaits save() knows its change is on disk.
export class SaveQueue {
  readonly #write: () => Promise<void>;
  #running: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;

  constructor(write: () => Promise<void>) {
    this.#write = write;
  }

  save(): Promise<void> {
    if (!this.#queued) {
      const queued = this.#running.then(() => {
        this.#queued = undefined;
        return this.#write();
      });
      this.#queued = queued;
      this.#running = queued.catch(() => undefined);
    }
    return this.#queued;
  }

  /** Resolves when no write is running or queued. */
  async idle(): Promise<void> {
    while (this.#queued) await this.#queued.catch(() => undefined);
    await this.#running;
  }
}
