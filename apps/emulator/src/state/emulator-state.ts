// What the emulator keeps across restarts, under <data dir>/state/: control-plane.json (models, endpoint
// configs, endpoints, Application Auto Scaling) saved on every change before the client is answered, and
// logs.jsonl (CloudWatch Logs events, log-journal.ts) appended within a second and at shutdown. Metric
// history is not kept. `--reset` (MME_RESET=1) deletes the folder first.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { PlaneState } from "../control-plane/plane-state.js";
import type { LogStore } from "../logs/log-store.js";
import { LogJournal } from "./log-journal.js";
import { SaveQueue } from "./save-queue.js";
import { readStateFile, writeStateFile } from "./state-file.js";

const LOGS_SAVE_INTERVAL_MS = 1000;

export class EmulatorState {
  readonly planeFile: string;
  readonly logsFile: string;
  readonly #logger: Logger;
  #kept: { plane: ControlPlane; journal: LogJournal } | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #planeSaves = new SaveQueue(() => this.#writePlane());
  readonly #logsSaves = new SaveQueue(() => this.#writeLogs());

  private constructor(
    readonly dir: string,
    logger: Logger,
  ) {
    this.planeFile = join(dir, "control-plane.json");
    this.logsFile = join(dir, "logs.jsonl");
    this.#logger = logger;
  }

  static async open(options: { dataDir: string; reset: boolean; logger: Logger }): Promise<EmulatorState> {
    const dir = join(options.dataDir, "state");
    if (options.reset) {
      await rm(dir, { recursive: true, force: true });
      options.logger.info({ dir }, "--reset: starting without the kept state");
    }
    await mkdir(dir, { recursive: true });
    return new EmulatorState(dir, options.logger);
  }

  /** Brings the kept state back into the plane and the log store, then keeps them from now on. */
  async restore(plane: ControlPlane, logs: LogStore): Promise<void> {
    const planeState = await readStateFile(this.planeFile, PlaneState, this.#logger);
    if (planeState) await plane.restore(planeState);
    const journal = new LogJournal(this.logsFile, logs, this.#logger);
    await journal.restore();
    this.#kept = { plane, journal };
    await this.savePlane();
    this.#timer = setInterval(() => {
      this.#logsSaves.save().catch((error: unknown) => {
        this.#logger.error({ err: error }, "saving the logs failed");
      });
    }, LOGS_SAVE_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Saves the control plane's state; resolves once it is on disk (at once before restore and after close). */
  savePlane(): Promise<void> {
    if (!this.#kept || this.#closed) return Promise.resolve();
    return this.#planeSaves.save();
  }

  /** A last save of both files; later changes (the shutdown's own) are not kept. */
  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    if (this.#kept) await Promise.all([this.#planeSaves.save(), this.#logsSaves.save()]);
    this.#closed = true;
    await Promise.all([this.#planeSaves.idle(), this.#logsSaves.idle()]);
  }

  #writePlane(): Promise<void> {
    if (this.#closed || !this.#kept) return Promise.resolve();
    return writeStateFile(this.planeFile, JSON.stringify(this.#kept.plane.snapshot()));
  }

  #writeLogs(): Promise<void> {
    if (this.#closed || !this.#kept) return Promise.resolve();
    return this.#kept.journal.flush();
  }
}
