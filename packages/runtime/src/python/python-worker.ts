// One python3 process hosting one model instance (mme_worker.py), spoken to over stdin/stdout frames.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Tensor } from "@mme/core/kserve";
import type { Logger } from "pino";
import {
  InsufficientMemoryError,
  ModelExecutionError,
  ModelInstanceUnavailableError,
  ModelLoadError,
  type RuntimeError,
} from "../errors.js";
import { residentBytesOf } from "../process-memory.js";
import {
  decodeTensors,
  encodeFrame,
  encodeTensors,
  FrameReader,
  type TensorDescriptor,
} from "./worker-frames.js";

export const WORKER_SCRIPT = fileURLToPath(new URL("../../python/mme_worker.py", import.meta.url));
const STDERR_LINES_KEPT = 20;
const FINALIZE_GRACE_MS = 5_000;
/** Between SIGTERM and SIGKILL when a worker is put down (initialize timeout, cancelled load). */
const TERMINATE_GRACE_MS = 1_000;
export const DEFAULT_INIT_TIMEOUT_MS = 300_000;
/** setTimeout fires at once for longer delays. */
const MAX_TIMER_MS = 2 ** 31 - 1;
export const INIT_TIMEOUT_ENV = "MME_PYTHON_INIT_TIMEOUT_MS";

export type WorkerKind = "python" | "torchscript";

export interface PythonWorkerOptions {
  /** Interpreter to run (MME_PYTHON, default python3). */
  python: string;
  env: NodeJS.ProcessEnv;
  kind: WorkerKind;
  modelFile: string;
  /** Triton's initialize(args) dictionary. */
  args: Record<string, string>;
  /** e.g. "add_sub_0_0", for logs and errors. */
  instanceName: string;
  logger: Logger;
  /** Bound on the model's initialize(); default env MME_PYTHON_INIT_TIMEOUT_MS, else 300000 ms. */
  initializeTimeoutMs?: number;
  /** Aborting it while initialize() runs kills the worker and fails the start (an unload or close during the load). */
  signal?: AbortSignal;
}

/** The initialize() bound: the option, else the env setting, else the default; a bad env value is a load error. */
export function initializeTimeoutOf(
  options: Pick<PythonWorkerOptions, "env" | "initializeTimeoutMs">,
): number {
  if (options.initializeTimeoutMs !== undefined) return options.initializeTimeoutMs;
  const raw = options.env[INIT_TIMEOUT_ENV];
  if (raw === undefined || raw === "") return DEFAULT_INIT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new ModelLoadError(
      `${INIT_TIMEOUT_ENV} must be a positive whole number of milliseconds, got '${raw}'`,
    );
  }
  return ms;
}

interface Pending {
  resolve: (frame: { header: Record<string, unknown>; payload: Uint8Array }) => void;
  reject: (error: RuntimeError) => void;
}

export class PythonWorker {
  private readonly pending = new Map<number, Pending>();
  private readonly stderrTail: string[] = [];
  private nextId = 1;
  private exitReason: string | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly options: PythonWorkerOptions,
  ) {
    const reader = new FrameReader(({ header, payload }) => {
      const entry = this.pending.get(header.id as number);
      if (!entry) return;
      this.pending.delete(header.id as number);
      entry.resolve({ header, payload });
    });
    child.stdout.on("data", (chunk: Buffer) => reader.push(chunk));
    child.stderr.setEncoding("utf8");
    let partial = "";
    child.stderr.on("data", (text: string) => {
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.recordStderr(line);
    });
    child.stdin.on("error", () => {}); // EPIPE after a crash: the exit handler reports it.
    this.exited = new Promise((resolve) => {
      child.on("exit", (code, signal) => {
        if (partial) this.recordStderr(partial);
        this.exitReason = this.describeExit(code, signal);
        this.failPending(this.exitReason);
        resolve();
      });
    });
  }

  static async start(options: PythonWorkerOptions): Promise<PythonWorker> {
    const timeoutMs = initializeTimeoutOf(options);
    const cancelled = () =>
      new ModelLoadError(
        `instance ${options.instanceName}: the load was cancelled before initialize() finished`,
      );
    if (options.signal?.aborted) throw cancelled();
    const child = spawn(options.python, ["-u", WORKER_SCRIPT], {
      env: { ...options.env, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", (error) => resolve(error));
    });
    if (spawned) {
      const code = (spawned as NodeJS.ErrnoException).code;
      const message = `cannot start the Python interpreter '${options.python}' (set MME_PYTHON to change it): ${spawned.message}`;
      throw code === "ENOMEM" || code === "EAGAIN"
        ? new InsufficientMemoryError(message)
        : new ModelLoadError(message);
    }
    const worker = new PythonWorker(child, options);
    let stopped: ModelLoadError | undefined;
    const putDown = (error: ModelLoadError) => {
      stopped ??= error;
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        putDown(
          new ModelLoadError(
            `instance ${options.instanceName} failed to initialize: initialize() did not finish within ${timeoutMs} ms (${INIT_TIMEOUT_ENV}); the worker was killed`,
          ),
        ),
      Math.min(timeoutMs, MAX_TIMER_MS),
    );
    const onAbort = () => putDown(cancelled());
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      await worker.request({
        op: "initialize",
        kind: options.kind,
        model_file: options.modelFile,
        args: options.args,
      });
      if (stopped) throw stopped; // the reply raced the timeout or the abort: the worker is already going.
    } catch (error) {
      await worker.terminate();
      const reason = error instanceof Error ? error.message : String(error);
      throw stopped ?? new ModelLoadError(`instance ${options.instanceName} failed to initialize: ${reason}`);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
    return worker;
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Why the worker is gone, when it is. */
  get deathReason(): string | undefined {
    return this.exitReason;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  residentBytes(): number | undefined {
    return this.alive && this.child.pid ? residentBytesOf(this.child.pid) : undefined;
  }

  async execute(inputs: Tensor[], outputNames: string[], requestId = ""): Promise<Tensor[]> {
    const { descriptors, parts } = encodeTensors(inputs);
    const { header, payload } = await this.request(
      { op: "execute", tensors: descriptors, outputs: outputNames, request_id: requestId },
      parts,
    );
    return decodeTensors(header.tensors as TensorDescriptor[], payload);
  }

  /** Calls finalize() and waits for the process to end; kills it if it does not within the grace period. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    const timer = setTimeout(() => this.kill(), FINALIZE_GRACE_MS);
    await this.request({ op: "finalize" }).catch(() => {});
    this.child.stdin.end();
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }

  /** SIGTERM, then SIGKILL if the process is still there after a short grace; resolves once it has exited. */
  private async terminate(): Promise<void> {
    if (this.alive) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.kill(), TERMINATE_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
  }

  private request(
    header: Record<string, unknown>,
    parts: Uint8Array[] = [],
  ): Promise<{ header: Record<string, unknown>; payload: Uint8Array }> {
    if (!this.alive) return Promise.reject(new ModelInstanceUnavailableError(this.exitReason!));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (frame) => {
          if (frame.header.ok) resolve(frame);
          else reject(new ModelExecutionError(String(frame.header.error)));
        },
        reject,
      });
      for (const buffer of encodeFrame({ ...header, id }, parts)) this.child.stdin.write(buffer);
    });
  }

  private recordStderr(line: string): void {
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_LINES_KEPT) this.stderrTail.shift();
    this.options.logger.info({ instance: this.options.instanceName }, line);
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const lastLine = this.stderrTail.findLast((l) => l.trim() !== "");
    return `Python worker of instance ${this.options.instanceName} ${how}${lastLine ? ` (last stderr: ${lastLine.trim()})` : ""}`;
  }

  private failPending(reason: string): void {
    const error = new ModelInstanceUnavailableError(`${reason}; the request did not complete`);
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}
