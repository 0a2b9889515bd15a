// The emulator's Express app: the SageMaker control plane, /metrics and /mme/status, CloudWatch and
// CloudWatch Logs, the explorer at /_mme/, and whatever the runtime plane (runtime-plane.ts) passes on.
import { ServiceUnavailable } from "@mme/core";
import express, { type NextFunction, type Request, type Response } from "express";
import { requireSigV4 } from "../auth/require-sigv4.js";
import { mountCloudWatch } from "../cloudwatch/cloudwatch-route.js";
import { controlPlaneRoute } from "../control-plane/control-plane-route.js";
import { mountExplorer } from "../explorer/explorer-route.js";
import { mountCloudWatchLogs } from "../logs/logs-route.js";
import { endpointStatuses } from "../status/endpoint-status.js";
import { CONTROL_PLANE_BODY_BYTES } from "../wire/body-limits.js";
import { RouteNotFound } from "../wire/errors/sagemaker.js";
import { readBody } from "../wire/read-body.js";
import { sendError } from "../wire/send-error.js";
import { errorBoundary } from "./error-boundary.js";
import { answerPing } from "./ping.js";
import { requestContext } from "./request-context.js";
import type { ServerDeps } from "./server-deps.js";

export function createExpressApp(deps: ServerDeps): express.Express {
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

  // The runtime plane answers GET /ping; HEAD and conditional GETs come here.
  app.get("/ping", (_req, res) => answerPing(res));
  app.get("/metrics", async (req, res) => {
    const { name } = req.query;
    const names = typeof name === "string" ? [name] : Array.isArray(name) ? name.map(String) : undefined;
    const { contentType, body } = await deps.metrics.render(names);
    res.type(contentType).send(body);
  });
  app.get("/mme/status", async (_req, res) => {
    res.json({ endpoints: await endpointStatuses(deps.plane) });
  });
  // Other methods on the runtime plane's paths: matching them percent-decodes the name, so a malformed one
  // is the router's 400, as when these routes were mounted here; otherwise on to RouteNotFound.
  app.all(["/endpoints/:name/invocations", "/endpoints/:name/async-invocations"], (_req, _res, next) =>
    next(),
  );
  mountExplorer(app, deps);
  mountCloudWatch(app, {
    metricStore: deps.view.metricStore,
    alarms: { alarms: deps.plane.alarms, ...deps.plane.scope, saved: () => deps.plane.changed() },
  });
  mountCloudWatchLogs(app, { store: deps.view.logs, scope: deps.plane.scope });
  app.post("/", readBody(CONTROL_PLANE_BODY_BYTES), controlPlaneRoute(deps.plane));

  app.use((req: Request, res: Response) => {
    sendError(res, new RouteNotFound(`No route for ${req.method} ${req.path}.`), "rest-json");
  });
  app.use(errorBoundary());
  return app;
}
