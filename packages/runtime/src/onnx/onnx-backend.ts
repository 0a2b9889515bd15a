// ONNX models on onnxruntime-node. instance_group count = number of sessions, each on a different pool thread
// (session.run blocks its thread for the whole inference) and running one request at a time; requests
// queue for a free session.

import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Tensor } from "@mme/core/kserve";
import type { TritonModelConfig } from "@mme/core/triton";
import type * as ort from "onnxruntime-node";
import type { BackendHealth, ModelBackend } from "../backends/model-backend.js";
import { InsufficientMemoryError, ModelExecutionError, ModelLoadError, messageOf } from "../errors.js";
import type { ServableModel } from "../model/locate-model.js";
import { OnnxSession } from "./onnx-session.js";
import { fromWireTensor, toWireTensor, type WireTensor } from "./ort-tensors.js";
import { instanceCountOf, onnxSessionOptions } from "./session-options.js";
import { SessionPool } from "./session-pool.js";

/**
 * Resident bytes per session ≈ model file size × this factor + a fixed overhead: ORT copies the
 * initializers out of the protobuf and keeps activation buffers in its arena. Calibrated with
 * packages/runtime/bench/runtime-bench.ts (ResNet-50: process RSS +276..292 MB after load and one inference,
 * for a 102 MB file). An estimate, because RSS deltas are unreliable while loads run concurrently.
 */
export const ONNX_MEMORY_FACTOR = 2.6;
/**
 * ORT's per-session bookkeeping (the session threads are shared and counted once, not per session):
 * +1.8 MiB RSS per extra add_sub_onnx (bench/onnx-load-bench.ts).
 */
export const ONNX_SESSION_OVERHEAD_BYTES = 2 * 1024 * 1024;

const OUT_OF_MEMORY = /bad_alloc|failed to allocate|out of memory|cannot allocate/i;

/** The model file and its size in bytes. */
async function findOnnxFile(
  modelName: string,
  located: ServableModel,
): Promise<{ file: string; bytes: number }> {
  const file = located.modelFile ?? join(located.versionDir, "model.onnx");
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) {
    throw new ModelLoadError(
      `model '${modelName}': ${file} does not exist (or is not a single-file ONNX model)`,
    );
  }
  return { file, bytes: found.size };
}

function checkGraphMatchesConfig(modelName: string, session: OnnxSession, config: TritonModelConfig) {
  const configInputs = new Set(config.inputs.map((i) => i.name));
  const configOutputs = new Set(config.outputs.map((o) => o.name));
  for (const name of session.inputNames) {
    if (!configInputs.has(name)) {
      throw new ModelLoadError(
        `model '${modelName}': ONNX graph input '${name}' is not declared in config.pbtxt (inputs there: ${[...configInputs].join(", ") || "none"})`,
      );
    }
  }
  for (const name of configInputs) {
    if (!session.inputNames.includes(name)) {
      throw new ModelLoadError(
        `model '${modelName}': config.pbtxt input '${name}' is not an input of the ONNX graph (graph inputs: ${session.inputNames.join(", ")})`,
      );
    }
  }
  for (const name of configOutputs) {
    if (!session.outputNames.includes(name)) {
      throw new ModelLoadError(
        `model '${modelName}': config.pbtxt output '${name}' is not an output of the ONNX graph (graph outputs: ${session.outputNames.join(", ")})`,
      );
    }
  }
}

export class OnnxBackend implements ModelBackend {
  private constructor(
    private readonly modelName: string,
    private readonly config: TritonModelConfig,
    private readonly file: string,
    private readonly options: ort.InferenceSession.SessionOptions,
    private readonly pool: SessionPool<OnnxSession>,
    private readonly estimatedBytes: number,
  ) {}

  static async load(modelName: string, located: ServableModel): Promise<OnnxBackend> {
    const { file, bytes: fileBytes } = await findOnnxFile(modelName, located);
    const count = instanceCountOf(located.config);
    const options = onnxSessionOptions(modelName, located.config, availableParallelism());
    const sessions: OnnxSession[] = [];
    try {
      for (let i = 0; i < count; i++) sessions.push(await startSession(modelName, file, options, sessions));
      checkGraphMatchesConfig(modelName, sessions[0]!, located.config);
    } catch (error) {
      await Promise.all(sessions.map((s) => s.release()));
      throw error;
    }
    const estimate = count * (fileBytes * ONNX_MEMORY_FACTOR + ONNX_SESSION_OVERHEAD_BYTES);
    return new OnnxBackend(
      modelName,
      located.config,
      file,
      options,
      new SessionPool(sessions),
      Math.round(estimate),
    );
  }

  private onnxShape(tensor: Tensor): number[] {
    const spec = this.config.inputs.find((i) => i.name === tensor.name);
    if (!spec?.reshape) return tensor.shape;
    return this.config.maxBatchSize > 0 ? [tensor.shape[0]!, ...spec.reshape] : spec.reshape;
  }

  async infer(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    const results = await this.pool.use((session) => {
      const feeds: Record<string, WireTensor> = {};
      for (const tensor of inputs) feeds[tensor.name] = toWireTensor(tensor, this.onnxShape(tensor));
      return session.run(feeds, outputNames).catch((error) => {
        if (error instanceof ModelExecutionError) {
          throw new ModelExecutionError(`model '${this.modelName}' failed: ${messageOf(error)}`);
        }
        throw error;
      });
    });
    return outputNames.map((name) => {
      const value = results[name];
      if (!value) throw new ModelExecutionError(`model '${this.modelName}' produced no output '${name}'`);
      return fromWireTensor(name, value);
    });
  }

  memoryBytes(): number {
    return this.estimatedBytes;
  }

  health(): BackendHealth {
    const reason = this.pool.sessions.map((s) => s.unavailableReason).find(Boolean);
    return reason
      ? { state: "UNAVAILABLE", reason: `an ONNX session is unavailable: ${reason}` }
      : { state: "READY" };
  }

  async recover(): Promise<void> {
    for (const session of this.pool.sessions.filter((s) => s.unavailableReason)) {
      const others = this.pool.sessions.filter((s) => !s.unavailableReason);
      this.pool.replace(session, await startSession(this.modelName, this.file, this.options, others));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pool.sessions.map((s) => s.release()));
  }
}

async function startSession(
  modelName: string,
  file: string,
  options: ort.InferenceSession.SessionOptions,
  siblings: readonly OnnxSession[],
): Promise<OnnxSession> {
  try {
    return await OnnxSession.start(file, options, new Set(siblings.map((s) => s.thread)));
  } catch (error) {
    const message = `model '${modelName}': onnxruntime could not load ${file}: ${messageOf(error)}`;
    throw OUT_OF_MEMORY.test(message) ? new InsufficientMemoryError(message) : new ModelLoadError(message);
  }
}
