// The body of an ONNX session worker thread, as plain JavaScript for `new Worker(code, { eval: true })`.
// onnxruntime-node's `session.run` executes synchronously on the calling thread (its promise only wraps a
// setImmediate), so a session on the main thread would stall every other request and the HTTP server for
// the whole inference. Source text rather than a .ts file: the worker must start identically from src/ (tests,
// tsx) and dist/, and Node 20 cannot run TypeScript. Messages: session-worker-messages.ts.

export const SESSION_WORKER_SCRIPT = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const ort = require(workerData.ortPath);
const messageOf = (error) => (error && error.message) || String(error);
let session;
let released = false;

function post(message, transfer) {
  try {
    parentPort.postMessage(message, transfer);
  } catch {
    parentPort.postMessage(message);
  }
}

async function run({ id, feeds, outputNames }) {
  try {
    const inputs = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = new ort.Tensor(t.type, t.data, t.dims);
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

parentPort.on("message", async (message) => {
  if (message.kind === "run") return run(message);
  if (message.kind === "release" && !released) {
    released = true;
    try {
      await session?.release();
    } finally {
      post({ kind: "released" });
      parentPort.close();
    }
  }
});

ort.InferenceSession.create(workerData.modelPath, workerData.options).then(
  (created) => {
    session = created;
    post({ kind: "ready", inputNames: [...created.inputNames], outputNames: [...created.outputNames] });
  },
  (error) => post({ kind: "load-error", message: messageOf(error) }),
);
`;
