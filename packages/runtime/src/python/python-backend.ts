// Python-backend (and TorchScript) models: instance_group count = number of python3 worker processes.
// A request goes to the instance with the fewest requests in flight; a crashed instance is restarted
// by the next request (or by recover(), which a repeated load calls).
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Tensor } from "@mme/core/kserve";
import type { Logger } from "pino";
import type { BackendHealth, ModelBackend } from "../backends/model-backend.js";
import { ModelLoadError } from "../errors.js";
import type { ServableModel } from "../model/locate-model.js";
import { instanceSpecs } from "./instance-kinds.js";
import { fileImportingTorch } from "./model-imports.js";
import { choosePython } from "./python-interpreter.js";
import { PythonWorker, type WorkerKind } from "./python-worker.js";
import { tritonConfigJson } from "./triton-config-json.js";

/** Used when /proc is not available to measure a worker's resident set. */
export const PYTHON_WORKER_FALLBACK_BYTES = 48 * 1024 * 1024;

export interface PythonBackendOptions {
  /** The interpreter to use (MME_PYTHON); when absent, the first of `candidates` that imports what the model needs. */
  python?: string;
  /** Interpreters to probe when `python` is absent (default PYTHON_CANDIDATES). */
  candidates?: readonly string[];
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Aborts the load: workers still in initialize() are killed. */
  signal?: AbortSignal;
}

const MODEL_FILE: Record<WorkerKind, string> = { python: "model.py", torchscript: "model.pt" };

interface InstanceSlot {
  worker: PythonWorker;
  /** Single-flight restart of a crashed worker. */
  restarting?: Promise<PythonWorker>;
}

export class PythonBackend implements ModelBackend {
  private closed = false;

  private constructor(
    private readonly slots: InstanceSlot[],
    private readonly startWorker: (index: number) => Promise<PythonWorker>,
  ) {}

  static async load(
    modelName: string,
    located: ServableModel,
    kind: WorkerKind,
    options: PythonBackendOptions,
  ): Promise<PythonBackend> {
    const modelFile = located.modelFile ?? join(located.versionDir, MODEL_FILE[kind]);
    if (
      !(await stat(modelFile).then(
        () => true,
        () => false,
      ))
    ) {
      throw new ModelLoadError(`model '${modelName}': ${modelFile} does not exist`);
    }
    const torchFile = kind === "python" ? await fileImportingTorch(located.versionDir) : undefined;
    const { python } = await choosePython({
      explicit: options.python,
      env: options.env,
      candidates: options.candidates,
      modelName,
      torchReason:
        kind === "torchscript"
          ? located.config.platform
            ? `platform "${located.config.platform}"`
            : `backend "${located.config.backend}"`
          : torchFile && `its ${torchFile} imports torch`,
    });
    const instances = instanceSpecs(located.config);
    const modelConfig = tritonConfigJson(modelName, located.config);
    const startWorker = (index: number) =>
      PythonWorker.start({
        ...options,
        python,
        kind,
        modelFile,
        instanceName: `${modelName}_0_${index}`,
        args: {
          model_config: modelConfig,
          model_instance_kind: instances[index]!.kind,
          model_instance_name: `${modelName}_0_${index}`,
          model_instance_device_id: String(instances[index]!.deviceId),
          model_repository: located.modelDir,
          model_version: located.version,
          model_name: modelName,
        },
      });
    const started = await Promise.allSettled(instances.map((_, i) => startWorker(i)));
    const failure = started.find((r) => r.status === "rejected");
    if (failure) {
      await Promise.all(started.map((r) => (r.status === "fulfilled" ? r.value.stop() : undefined)));
      throw (failure as PromiseRejectedResult).reason;
    }
    const slots = started.map((r) => ({ worker: (r as PromiseFulfilledResult<PythonWorker>).value }));
    return new PythonBackend(slots, startWorker);
  }

  async infer(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    const slot = this.slots[this.pickInstance()]!;
    // A live worker is used synchronously so its in-flight count rises before the next pick.
    const worker = slot.worker.alive ? slot.worker : await this.liveWorker(this.slots.indexOf(slot));
    return worker.execute(inputs, outputNames);
  }

  memoryBytes(): number {
    return this.slots.reduce(
      (sum, s) => sum + (s.worker.alive ? (s.worker.residentBytes() ?? PYTHON_WORKER_FALLBACK_BYTES) : 0),
      0,
    );
  }

  health(): BackendHealth {
    const dead = this.slots.find((s) => !s.worker.alive);
    return dead ? { state: "UNAVAILABLE", reason: dead.worker.deathReason } : { state: "READY" };
  }

  async recover(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.liveWorker(i)));
  }

  async close(): Promise<void> {
    this.closed = true;
    // A restart under way would otherwise put a live worker into its slot after close.
    await Promise.all(this.slots.map((s) => s.restarting?.catch(() => undefined)));
    await Promise.all(this.slots.map((s) => s.worker.stop()));
  }

  /** Worker pids (for tests and diagnostics). */
  pids(): (number | undefined)[] {
    return this.slots.map((s) => s.worker.pid);
  }

  private pickInstance(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) {
      const candidate = this.slots[i]!.worker;
      const current = this.slots[best]!.worker;
      if (candidate.alive && (!current.alive || candidate.pendingCount < current.pendingCount)) best = i;
    }
    return best;
  }

  private async liveWorker(index: number): Promise<PythonWorker> {
    const slot = this.slots[index]!;
    if (slot.worker.alive || this.closed) return slot.worker;
    slot.restarting ??= this.startWorker(index).then(
      (worker) => {
        slot.worker = worker;
        slot.restarting = undefined;
        return worker;
      },
      (error) => {
        slot.restarting = undefined;
        throw error;
      },
    );
    return slot.restarting;
  }
}
