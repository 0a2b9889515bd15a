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
    const id = randomUUID();
    req.id = id;
    req.log = logger.child({ requestId: id });
    // setHeader, not res.set: Express's set() normalises every value on the hot path.
    res.setHeader("x-amzn-RequestId", id);
    // The per-request log line is debug-level: no listener at all when it would not be written.
    if (logger.isLevelEnabled("debug")) {
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
    }
    next();
  };
}
