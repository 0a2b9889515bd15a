// The messages between the main thread and one ONNX session thread (which hosts many sessions).
import type * as ort from "onnxruntime-node";
import type { WireTensor } from "./ort-tensors.js";

export interface SessionWorkerData {
  /** Absolute path of onnxruntime-node's entry, resolved on the main thread (an eval worker has no package scope). */
  ortPath: string;
  /** A tiny ONNX model the thread creates and runs once before serving (warm-up-model.ts). */
  warmUpModel: Uint8Array;
}

export type ToSessionWorker =
  | {
      kind: "create";
      sessionId: number;
      modelPath: string;
      options: ort.InferenceSession.SessionOptions;
    }
  | {
      kind: "run";
      sessionId: number;
      id: number;
      feeds: Record<string, WireTensor>;
      outputNames: string[];
    }
  | { kind: "release"; sessionId: number };

export type FromSessionWorker =
  | { kind: "ready" }
  | { kind: "created"; sessionId: number; inputNames: string[]; outputNames: string[] }
  | { kind: "create-error"; sessionId: number; message: string }
  | { kind: "result"; id: number; outputs: Record<string, WireTensor> }
  | { kind: "run-error"; id: number; message: string }
  | { kind: "released"; sessionId: number };
