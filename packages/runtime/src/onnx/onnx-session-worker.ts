// One InferenceSession on a worker thread of its own: the main thread only copies tensors in and out.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type * as ort from "onnxruntime-node";
import { ModelExecutionError, ModelInstanceUnavailableError } from "../errors.js";
import { transferablesOf, type WireTensor } from "./ort-tensors.js";
import type { FromSessionWorker, SessionWorkerData, ToSessionWorker } from "./session-worker-messages.js";
import { SESSION_WORKER_SCRIPT } from "./session-worker-script.js";

const ORT_PATH = createRequire(import.meta.url).resolve("onnxruntime-node");
/** How long a released session may take to tear down before the thread is terminated anyway. */
const RELEASE_GRACE_MS = 5_000;

/** The worker could not create the session; `message` is onnxruntime's. */
export class SessionCreateError extends Error {
  override readonly name = "SessionCreateError";
}

interface Pending {
  resolve(outputs: Record<string, WireTensor>): void;
  reject(error: Error): void;
}

export class OnnxSessionWorker {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private exitReason: string | undefined;
  private releasing = false;

  private constructor(
    private readonly worker: Worker,
    readonly inputNames: readonly string[],
    readonly outputNames: readonly string[],
  ) {
    worker.on("message", (message: FromSessionWorker) => this.settle(message));
    worker.on("error", (error) => this.fail(`its thread threw: ${error.message}`));
    worker.on("exit", (code) => this.fail(`its thread exited with code ${code}`));
  }

  /** Starts a thread and creates the session there; rejects with SessionCreateError if onnxruntime refuses. */
  static async start(
    modelPath: string,
    options: ort.InferenceSession.SessionOptions,
  ): Promise<OnnxSessionWorker> {
    const workerData: SessionWorkerData = { ortPath: ORT_PATH, modelPath, options };
    const worker = new Worker(SESSION_WORKER_SCRIPT, { eval: true, workerData });
    // Listeners come off one by one: Worker keeps its own newListener hooks that removeAllListeners would drop.
    let onMessage!: (message: FromSessionWorker) => void;
    let onError!: (error: Error) => void;
    const onExit = (code: number) =>
      onError(new Error(`session thread exited with code ${code} while loading`));
    try {
      const first = await new Promise<FromSessionWorker>((resolve, reject) => {
        onMessage = resolve;
        onError = reject;
        worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      });
      if (first.kind !== "ready") {
        throw new SessionCreateError(
          first.kind === "load-error" ? first.message : `unexpected ${first.kind}`,
        );
      }
      return new OnnxSessionWorker(worker, first.inputNames, first.outputNames);
    } catch (error) {
      await worker.terminate();
      throw error;
    } finally {
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
    }
  }

  /** Why the thread is gone, or undefined while it is alive. */
  get unavailableReason(): string | undefined {
    return this.exitReason;
  }

  run(feeds: Record<string, WireTensor>, outputNames: string[]): Promise<Record<string, WireTensor>> {
    if (this.exitReason) {
      return Promise.reject(new ModelInstanceUnavailableError(`session unavailable: ${this.exitReason}`));
    }
    const id = this.nextId++;
    const message: ToSessionWorker = { kind: "run", id, feeds, outputNames };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message, transferablesOf(Object.values(feeds)));
    });
  }

  /** Releases the session and ends the thread (callers wait for in-flight requests first). */
  async release(): Promise<void> {
    if (this.exitReason || this.releasing) return;
    this.releasing = true;
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.postMessage({ kind: "release" } satisfies ToSessionWorker);
    const timer = setTimeout(() => void this.worker.terminate(), RELEASE_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private settle(message: FromSessionWorker) {
    if (message.kind !== "result" && message.kind !== "run-error") return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.kind === "result") waiter.resolve(message.outputs);
    else waiter.reject(new ModelExecutionError(message.message));
  }

  private fail(reason: string) {
    if (this.exitReason) return;
    this.exitReason = this.releasing ? "released" : reason;
    for (const waiter of this.pending.values()) {
      waiter.reject(new ModelInstanceUnavailableError(`session unavailable: ${reason}`));
    }
    this.pending.clear();
  }
}
