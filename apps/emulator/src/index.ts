export type { EndpointSpec, ModelHost, OpenModelHost } from "@mme/platform";
export { type EmulatorConfig, loadConfig, REPO_ROOT } from "./config/emulator-config.js";
export { ControlPlane, type ControlPlaneOptions } from "./control-plane/control-plane.js";
export { type DeclaredEndpoint, readEndpointsFile } from "./control-plane/endpoints-file.js";
export { createServer, type ServerDeps } from "./http/create-server.js";
export { type RunningEmulator, type StartOptions, startEmulator } from "./lifecycle/start-emulator.js";
export { EmulatorMetrics } from "./metrics/metrics.js";
export { EMULATOR_TARGET_MODEL_HEADER } from "./runtime-api/invoke-endpoint-async-route.js";
export { InFlight } from "./wire/in-flight.js";
