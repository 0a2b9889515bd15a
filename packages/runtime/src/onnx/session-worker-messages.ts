// The messages between the main thread and one ONNX session worker thread.
import type * as ort from "onnxruntime-node";
import type { WireTensor } from "./ort-tensors.js";

export interface SessionWorkerData {
  /** Absolute path of onnxruntime-node's entry, resolved on the main thread (an eval worker has no package scope). */
  ortPath: string;
  modelPath: string;
  options: ort.InferenceSession.SessionOptions;
}

export type ToSessionWorker =
  | { kind: "run"; id: number; feeds: Record<string, WireTensor>; outputNames: string[] }
  | { kind: "release" };

export type FromSessionWorker =
  | { kind: "ready"; inputNames: string[]; outputNames: string[] }
  | { kind: "load-error"; message: string }
  | { kind: "result"; id: number; outputs: Record<string, WireTensor> }
  | { kind: "run-error"; id: number; message: string }
  | { kind: "released" };
