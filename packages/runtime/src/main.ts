// node packages/runtime/dist/main.js [--port 8080] [--host 127.0.0.1] [--memory-limit-bytes N]
import { parseArgs } from "node:util";
import { startRuntimeServer } from "./http/start-runtime-server.js";
import { sessionThreads } from "./onnx/session-thread-pool.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.SAGEMAKER_BIND_TO_PORT ?? "8080" },
    host: { type: "string", default: "127.0.0.1" },
    "memory-limit-bytes": { type: "string" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0..65535, got ${values.port}`);
  process.exit(2);
}
const limit = values["memory-limit-bytes"] === undefined ? undefined : Number(values["memory-limit-bytes"]);
if (limit !== undefined && !(limit > 0)) {
  console.error("--memory-limit-bytes must be a positive number");
  process.exit(2);
}

const server = await startRuntimeServer({
  port,
  host: values.host,
  memoryLimitBytes: limit,
  ...(process.env.SAGEMAKER_TRITON_DEFAULT_MODEL_NAME
    ? { defaultModelName: process.env.SAGEMAKER_TRITON_DEFAULT_MODEL_NAME }
    : {}),
});
console.error(`mme runtime listening on ${server.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server
      .close()
      .then(() => sessionThreads.closeAll())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
