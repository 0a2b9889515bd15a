// Mounts CloudWatch Logs (awsJson1_1, `X-Amz-Target: Logs_20140328.<Op>`) on `POST /`; other
// requests pass on.
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { LogsError, serializationError, serviceUnavailable, unknownOperation } from "../wire/errors/logs.js";
import {
  describeLogGroups,
  describeLogStreams,
  filterLogEvents,
  getLogEvents,
  type LogsContext,
} from "./log-operations.js";

const TARGET_PREFIX = "Logs_20140328.";

const OPERATIONS: Record<string, (ctx: LogsContext, input: Record<string, unknown>) => object> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};

export function mountCloudWatchLogs(app: Express, ctx: LogsContext): void {
  app.post(
    "/",
    express.raw({ type: () => true, limit: "10mb" }),
    (req: Request, res: Response, next: NextFunction) => {
      const target = req.get("x-amz-target") ?? "";
      if (!target.startsWith(TARGET_PREFIX)) {
        next();
        return;
      }
      const name = target.slice(TARGET_PREFIX.length);
      try {
        const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
        if (!operation) {
          throw unknownOperation(
            `The operation ${name} is not served by the emulator's CloudWatch Logs (DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents).`,
          );
        }
        const output = operation(ctx, parseBody(req.body));
        res.status(200).type("application/x-amz-json-1.1").send(JSON.stringify(output));
      } catch (error) {
        const wire = error instanceof LogsError ? error : serviceUnavailable();
        if (!(error instanceof LogsError)) req.log.error({ err: error }, "CloudWatch Logs request failed");
        res
          .status(wire.status)
          .set("x-amzn-ErrorType", wire.type)
          .type("application/x-amz-json-1.1")
          .send(JSON.stringify({ __type: wire.type, message: wire.message }));
      }
    },
  );
}

function parseBody(body: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(body) || body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw serializationError("The request body is not valid JSON.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw serializationError("The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}
