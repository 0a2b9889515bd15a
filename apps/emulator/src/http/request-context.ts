// Every request gets an id (echoed as x-amzn-RequestId) and a pino child logger carrying it.
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

declare global {
  namespace Express {
    interface Request {
      id: string;
      log: Logger;
    }
  }
}

export function requestContext(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.set("x-amzn-RequestId", req.id);
    const started = performance.now();
    res.on("finish", () => {
      req.log.debug(
        {
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        "request",
      );
    });
    next();
  };
}
