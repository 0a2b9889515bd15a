// Preloaded into the floor tool's in-process emulator (`node --import <this> apps/emulator/dist/main.js …`):
// the runtime's own HTTP server, started inside the emulator's process on a port of its own. It shares the
// emulator's heap, event loop and ONNX session threads, so the emulator's path measured against it is the
// emulator's own work alone, with nothing of the process's size or set-up in the difference.
// Prints "co-hosted runtime listening on http://127.0.0.1:PORT".
import { startRuntimeServer } from "@mme/runtime";

const server = await startRuntimeServer({ port: 0 });
console.error(`co-hosted runtime listening on ${server.url}`);
