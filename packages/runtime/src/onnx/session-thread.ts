// One worker thread hosting any number of ONNX sessions, addressed by id. Runs of sessions on the same thread
// take turns (session.run holds the thread); runs on different threads go in parallel.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type * as ort from "onnxruntime-node";
import { ModelExecutionError, ModelInstanceUnavailableError } from "../errors.js";
import { transferablesOf, type WireTensor } from "./ort-tensors.js";
import type { FromSessionWorker, SessionWorkerData, ToSessionWorker } from "./session-worker-messages.js";
import { SESSION_WORKER_SCRIPT } from "./session-worker-script.js";
import { warmUpModel } from "./warm-up-model.js";

const ORT_PATH = createRequire(import.meta.url).resolve("onnxruntime-node");

/** The thread could not create the session; `message` is onnxruntime's. */
export class SessionCreateError extends Error {
  override readonly name = "SessionCreateError";
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

export interface CreatedSession {
  inputNames: string[];
  outputNames: string[];
}

export class SessionThread {
  private readonly worker: Worker;
  private nextRunId = 0;
  private readonly runs = new Map<number, Waiter<Record<string, WireTensor>>>();
  private readonly creates = new Map<number, Waiter<CreatedSession>>();
  private readonly releases = new Map<number, () => void>();
  /** Sessions created or being created here. */
  private readonly hosted = new Set<number>();
  private exitReason: string | undefined;
  private ortReady!: () => void;
  /**
   * Settles once onnxruntime is loaded and warmed up on the thread, or the thread is gone: a thread terminated inside
   * onnxruntime's native initialisation aborts the whole process (SIGABRT, an uncaught Napi::Error).
   */
  private readonly ortLoaded = new Promise<void>((resolve) => {
    this.ortReady = resolve;
  });

  /** `onIdle` runs whenever the thread hosts no session any more; `onGone` once, when it has died. */
  constructor(
    private readonly onIdle: (thread: SessionThread) => void,
    private readonly onGone: (thread: SessionThread) => void,
  ) {
    const workerData: SessionWorkerData = { ortPath: ORT_PATH, warmUpModel: warmUpModel() };
    this.worker = new Worker(SESSION_WORKER_SCRIPT, { eval: true, workerData });
    this.worker.on("message", (message: FromSessionWorker) => this.settle(message));
    this.worker.on("error", (error) => this.fail(`its thread threw: ${error.message}`));
    this.worker.on("exit", (code) => this.fail(`its thread exited with code ${code}`));
    this.worker.unref();
  }

  get sessionCount(): number {
    return this.hosted.size;
  }

  /** Why the thread is gone, or undefined while it is alive. */
  get unavailableReason(): string | undefined {
    return this.exitReason;
  }

  create(
    sessionId: number,
    modelPath: string,
    options: ort.InferenceSession.SessionOptions,
  ): Promise<CreatedSession> {
    if (this.exitReason) return Promise.reject(new Error(`session thread gone: ${this.exitReason}`));
    this.hosted.add(sessionId);
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.creates.set(sessionId, { resolve, reject });
      this.post({ kind: "create", sessionId, modelPath, options });
    });
  }

  run(
    sessionId: number,
    feeds: Record<string, WireTensor>,
    outputNames: string[],
  ): Promise<Record<string, WireTensor>> {
    if (this.exitReason) {
      return Promise.reject(new ModelInstanceUnavailableError(`session unavailable: ${this.exitReason}`));
    }
    const id = this.nextRunId++;
    return new Promise((resolve, reject) => {
      this.runs.set(id, { resolve, reject });
      this.worker.postMessage(
        { kind: "run", sessionId, id, feeds, outputNames } satisfies ToSessionWorker,
        transferablesOf(Object.values(feeds)),
      );
    });
  }

  /** Releases one session; the thread stays for the next. Callers wait for in-flight requests first. */
  release(sessionId: number): Promise<void> {
    if (this.exitReason || !this.hosted.has(sessionId)) return Promise.resolve();
    return new Promise((resolve) => {
      this.releases.set(sessionId, resolve);
      this.post({ kind: "release", sessionId });
    });
  }

  async terminate(): Promise<number> {
    // Ref'd while it waits: an unref'd thread still loading onnxruntime would let a stopping process reach
    // its natural exit, which tears the thread down inside that native load all the same.
    this.worker.ref();
    await this.ortLoaded;
    return this.worker.terminate();
  }

  private post(message: ToSessionWorker) {
    this.worker.postMessage(message);
  }

  private settle(message: FromSessionWorker) {
    switch (message.kind) {
      case "ready":
        this.ortReady();
        return;
      case "result":
      case "run-error": {
        const waiter = this.runs.get(message.id);
        if (!waiter) return;
        this.runs.delete(message.id);
        if (message.kind === "result") waiter.resolve(message.outputs);
        else waiter.reject(new ModelExecutionError(message.message));
        return;
      }
      case "created":
      case "create-error": {
        const waiter = this.creates.get(message.sessionId);
        this.creates.delete(message.sessionId);
        if (message.kind === "created") {
          waiter?.resolve({ inputNames: message.inputNames, outputNames: message.outputNames });
        } else {
          this.forget(message.sessionId);
          waiter?.reject(new SessionCreateError(message.message));
        }
        return;
      }
      case "released": {
        const resolve = this.releases.get(message.sessionId);
        this.releases.delete(message.sessionId);
        this.forget(message.sessionId);
        resolve?.();
        return;
      }
    }
  }

  private forget(sessionId: number) {
    this.hosted.delete(sessionId);
    if (this.hosted.size > 0 || this.exitReason) return;
    this.worker.unref();
    this.onIdle(this);
  }

  private fail(reason: string) {
    if (this.exitReason) return;
    this.exitReason = reason;
    this.ortReady();
    for (const waiter of this.runs.values()) {
      waiter.reject(new ModelInstanceUnavailableError(`session unavailable: ${reason}`));
    }
    for (const waiter of this.creates.values()) {
      waiter.reject(new Error(`session thread exited while loading: ${reason}`));
    }
    for (const resolve of this.releases.values()) resolve();
    this.runs.clear();
    this.creates.clear();
    this.releases.clear();
    this.hosted.clear();
    this.onGone(this);
  }
}
