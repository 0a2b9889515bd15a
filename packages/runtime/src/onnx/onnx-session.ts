// One InferenceSession on a pool thread: the main thread only copies tensors in and out.
import type * as ort from "onnxruntime-node";
import { ModelInstanceUnavailableError } from "../errors.js";
import type { WireTensor } from "./ort-tensors.js";
import type { SessionThread } from "./session-thread.js";
import { type SessionThreadPool, sessionThreads } from "./session-thread-pool.js";

let nextSessionId = 0;

export class OnnxSession {
  private released = false;

  private constructor(
    readonly thread: SessionThread,
    private readonly id: number,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {}

  /**
   * Creates the session on a pool thread other than those in `avoid`; rejects with SessionCreateError if
   * onnxruntime refuses.
   */
  static async start(
    modelPath: string,
    options: ort.InferenceSession.SessionOptions,
    avoid: ReadonlySet<SessionThread> = new Set(),
    pool: SessionThreadPool = sessionThreads,
  ): Promise<OnnxSession> {
    const thread = pool.pick(avoid);
    const id = nextSessionId++;
    const { inputNames, outputNames } = await thread.create(id, modelPath, options);
    return new OnnxSession(thread, id, inputNames, outputNames);
  }

  /** Why the session cannot run, or undefined while it can. */
  get unavailableReason(): string | undefined {
    return this.thread.unavailableReason ?? (this.released ? "released" : undefined);
  }

  run(feeds: Record<string, WireTensor>, outputNames: string[]): Promise<Record<string, WireTensor>> {
    const reason = this.unavailableReason;
    if (reason) return Promise.reject(new ModelInstanceUnavailableError(`session unavailable: ${reason}`));
    return this.thread.run(this.id, feeds, outputNames);
  }

  /** Releases the session (callers wait for in-flight requests first); its thread stays for others. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.thread.release(this.id);
  }
}
