// The last Express handler: whatever a route, the router or the body reader threw becomes the answer
// SageMaker would send (ValidationError for the client's mistakes, 5xx only for the emulator's own
// faults). A client that hung up gets nothing and is logged at info: it is not a server error.
import type { NextFunction, Request, Response } from "express";
import { ClientHungUp } from "../wire/client-hung-up.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";

export function errorBoundary() {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof ClientHungUp || req.socket.destroyed) {
      req.log.info({ method: req.method, url: req.originalUrl }, "client hung up");
      res.destroy();
      return;
    }
    // What is left of an unread body stays unread: the connection closes after the answer.
    if (!req.complete) res.set("Connection", "close");
    const protocol = req.path === "/" ? "awsJson1_1" : "rest-json";
    const wireError = toSageMakerError(error);
    if (wireError.status >= 500) req.log.error({ err: error }, "request failed");
    else req.log.info({ error: wireError.name, message: wireError.message }, "request rejected");
    sendError(res, wireError, protocol);
  };
}
