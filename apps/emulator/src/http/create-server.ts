// The emulator's Express app, apart from listen(): SageMaker Runtime, the control plane, /ping,
// /metrics and /mme/status, CloudWatch and CloudWatch Logs, the explorer at /_mme/.
import type { S3Client } from "@aws-sdk/client-s3";
import { ServiceUnavailable } from "@mme/core";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { requireSigV4 } from "../auth/require-sigv4.js";
import type { VerifyOptions } from "../auth/sigv4.js";
import { mountCloudWatch } from "../cloudwatch/cloudwatch-route.js";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { controlPlaneRoute } from "../control-plane/control-plane-route.js";
import { mountExplorer } from "../explorer/explorer-route.js";
import { mountCloudWatchLogs } from "../logs/logs-route.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import type { OperatingView } from "../metrics/operating-view.js";
import { invokeEndpointAsyncRoute } from "../runtime-api/invoke-endpoint-async-route.js";
import { invokeEndpointRoute } from "../runtime-api/invoke-endpoint-route.js";
import { endpointStatuses } from "../status/endpoint-status.js";
import { RouteNotFound } from "../wire/control-plane-errors.js";
import type { InFlight } from "../wire/in-flight.js";
import { sendError } from "../wire/send-error.js";
import { MAX_BODY_BYTES } from "../wire/validation.js";
import { CONTROL_PLANE_BODY_BYTES } from "./body-limits.js";
import { errorBoundary } from "./error-boundary.js";
import { readBody } from "./read-body.js";
import { requestContext } from "./request-context.js";

export interface ServerDeps {
  plane: ControlPlane;
  metrics: EmulatorMetrics;
  /** CloudWatch metrics and logs and the explorer's feed. */
  view: OperatingView;
  logger: Logger;
  /** Reads async inputs and writes async outputs. */
  s3: S3Client;
  inFlight: InFlight;
  /** True once shutdown began: new invocations get ServiceUnavailable. */
  isShuttingDown?: () => boolean;
  /** With --auth sigv4: the keys and region signatures are verified against; absent: any signature. */
  auth?: VerifyOptions;
}

export function createServer(deps: ServerDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestContext(deps.logger));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const end = deps.inFlight.begin();
    res.on("close", end);
    if (deps.isShuttingDown?.() && req.path !== "/ping") {
      res.set("Connection", "close");
      sendError(res, new ServiceUnavailable("The emulator is shutting down."), "rest-json");
      return;
    }
    next();
  });
  if (deps.auth) app.use(requireSigV4(deps.auth));

  const rawBody = readBody(MAX_BODY_BYTES);
  app.get("/ping", (_req, res) => {
    res.status(200).type("text/plain").send("");
  });
  app.get("/metrics", async (req, res) => {
    const { name } = req.query;
    const names = typeof name === "string" ? [name] : Array.isArray(name) ? name.map(String) : undefined;
    const { contentType, body } = await deps.metrics.render(names);
    res.type(contentType).send(body);
  });
  app.get("/mme/status", async (_req, res) => {
    res.json({ endpoints: await endpointStatuses(deps.plane) });
  });
  app.post("/endpoints/:name/invocations", rawBody, invokeEndpointRoute(deps));
  app.post("/endpoints/:name/async-invocations", rawBody, invokeEndpointAsyncRoute(deps));
  mountExplorer(app, deps);
  mountCloudWatch(app, { metricStore: deps.view.metricStore });
  mountCloudWatchLogs(app, { store: deps.view.logs, scope: deps.plane.scope });
  app.post("/", readBody(CONTROL_PLANE_BODY_BYTES), controlPlaneRoute(deps.plane));

  app.use((req: Request, res: Response) => {
    sendError(res, new RouteNotFound(`No route for ${req.method} ${req.path}.`), "rest-json");
  });
  app.use(errorBoundary());
  return app;
}
