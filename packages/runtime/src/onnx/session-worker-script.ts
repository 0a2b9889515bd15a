// The body of an ONNX session thread, as plain JavaScript for `new Worker(code, { eval: true })`.
// onnxruntime-node's `session.run` executes synchronously on the calling thread (its promise only wraps a
// setImmediate), so a session on the main thread would stall every other request and the HTTP server for
// the whole inference. One thread hosts many sessions (by id) and outlives them: a new session costs only
// its InferenceSession.create, not a thread start and onnxruntime's load. Source text rather than a .ts file:
// the worker must start identically from src/ (tests, tsx) and dist/, and Node 20 cannot run TypeScript.
// Messages: session-worker-messages.ts.

export const SESSION_WORKER_SCRIPT = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const ort = require(workerData.ortPath);
const messageOf = (error) => (error && error.message) || String(error);
const sessions = new Map();

function post(message, transfer) {
  try {
    parentPort.postMessage(message, transfer);
  } catch {
    parentPort.postMessage(message);
  }
}

async function run({ sessionId, id, feeds, outputNames }) {
  try {
    const session = sessions.get(sessionId);
    if (!session) throw new Error("the session was released");
    const inputs = {};
    for (const name in feeds) {
      const t = feeds[name];
      inputs[name] = new ort.Tensor(t.type, t.data, t.dims);
    }
    const results = await session.run(inputs, outputNames);
    const outputs = {};
    const transfer = [];
    for (const name of outputNames) {
      const value = results[name];
      if (!value) continue;
      outputs[name] = { type: value.type, dims: value.dims, data: value.data };
      if (ArrayBuffer.isView(value.data)) transfer.push(value.data.buffer);
    }
    post({ kind: "result", id, outputs }, transfer);
  } catch (error) {
    post({ kind: "run-error", id, message: messageOf(error) });
  }
}

async function create({ sessionId, modelPath, options }) {
  try {
    const created = await ort.InferenceSession.create(modelPath, options);
    sessions.set(sessionId, created);
    post({ kind: "created", sessionId, inputNames: [...created.inputNames], outputNames: [...created.outputNames] });
  } catch (error) {
    post({ kind: "create-error", sessionId, message: messageOf(error) });
  }
}

async function release({ sessionId }) {
  const session = sessions.get(sessionId);
  sessions.delete(sessionId);
  try {
    await session?.release();
  } finally {
    post({ kind: "released", sessionId });
  }
}

// onnxruntime's first session in a thread pays for setting up its environment and kernels (150–250 ms here,
// against ~1 ms for the next): pay it with a tiny model before taking messages (they queue meanwhile), so no
// cold start does.
async function warmUp() {
  const session = await ort.InferenceSession.create(workerData.warmUpModel, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const zeros = new ort.Tensor("float32", new Float32Array(4), [4]);
  await session.run({ INPUT0: zeros, INPUT1: zeros });
  await session.release();
}

warmUp().catch(() => {}).then(() => {
  parentPort.postMessage({ kind: "ready" });
  parentPort.on("message", (message) => {
    if (message.kind === "run") return run(message);
    if (message.kind === "create") return create(message);
    if (message.kind === "release") return release(message);
  });
});
`;
