// The emulator's port, apart from listen(): the runtime plane (InvokeEndpoint, InvokeEndpointAsync,
// GET /ping) in front, the Express app behind it for everything else.
import type { RequestListener } from "node:http";
import { createExpressApp } from "./express-app.js";
import { runtimePlane } from "./runtime-plane.js";
import type { ServerDeps } from "./server-deps.js";

export type { ServerDeps } from "./server-deps.js";

export function createServer(deps: ServerDeps): RequestListener {
  return runtimePlane(deps, createExpressApp(deps));
}
