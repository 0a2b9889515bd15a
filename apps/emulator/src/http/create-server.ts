// The emulator's Express app, apart from listen(): SageMaker Runtime, the control plane, /ping,
// /metrics and /mme/status.
import type { S3Client } from "@aws-sdk/client-s3";
import { ServiceUnavailable } from "@mme/core";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { ControlPlane } from "../control-plane/control-plane.js";
import { controlPlaneRoute } from "../control-plane/control-plane-route.js";
import type { InFlight } from "../lifecycle/in-flight.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import { invokeEndpointAsyncRoute } from "../runtime-api/invoke-endpoint-async-route.js";
import { invokeEndpointRoute } from "../runtime-api/invoke-endpoint-route.js";
import { endpointStatuses } from "../status/endpoint-status.js";
import { RouteNotFound } from "../wire/control-plane-errors.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";
import { bodyTooLargeError, MAX_BODY_BYTES } from "../wire/validation.js";
import { requestContext } from "./request-context.js";

export interface ServerDeps {
  plane: ControlPlane;
  metrics: EmulatorMetrics;
  logger: Logger;
  /** Reads async inputs and writes async outputs. */
  s3: S3Client;
  inFlight: InFlight;
  /** True once shutdown began: new invocations get ServiceUnavailable. */
  isShuttingDown?: () => boolean;
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

  const rawBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES });
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
  app.post("/", express.raw({ type: () => true, limit: "10mb" }), controlPlaneRoute(deps.plane));

  app.use((req: Request, res: Response) => {
    sendError(res, new RouteNotFound(`No route for ${req.method} ${req.path}.`), "rest-json");
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const protocol = req.path === "/" ? "awsJson1_1" : "rest-json";
    if ((error as { type?: string }).type === "entity.too.large") {
      sendError(res, bodyTooLargeError(), protocol);
      return;
    }
    const wireError = toSageMakerError(error);
    req.log.error({ err: error }, "unhandled error");
    sendError(res, wireError, protocol);
  });
  return app;
}
