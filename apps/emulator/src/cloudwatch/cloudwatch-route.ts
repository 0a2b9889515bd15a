// Mounts CloudWatch on the emulator's port: `POST /service/GraniteServiceVersion20100801/operation/<Op>`
// (RPC v2 CBOR), and on `POST /` the JSON 1.0 target `GraniteServiceVersion20100801.<Op>` or a Query
// form with `Action=<Op>&Version=2010-08-01`; other `POST /` requests pass on (the SageMaker control plane).
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { MetricStore } from "../metrics/metric-store.js";
import {
  CloudWatchError,
  internalFailure,
  undecodableBody,
  unknownOperationError,
} from "../wire/errors/cloudwatch.js";
import type { Input } from "./input.js";
import { getMetricData, getMetricStatistics, listMetrics } from "./metric-queries.js";
import {
  type CloudWatchProtocol,
  decodeCbor,
  decodeJson,
  decodeQuery,
  sendCloudWatchError,
  sendOutput,
} from "./wire.js";

const SERVICE = "GraniteServiceVersion20100801";
const API_VERSION = "2010-08-01";

const OPERATIONS: Record<string, (store: MetricStore, input: Input) => object> = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
};

export interface CloudWatchDeps {
  metricStore: MetricStore;
}

export function mountCloudWatch(app: Express, deps: CloudWatchDeps): void {
  const body = express.raw({ type: () => true, limit: "10mb" });
  app.post(`/service/${SERVICE}/operation/:operation`, body, (req: Request<{ operation: string }>, res) => {
    serve(deps, req, res, "rpc-v2-cbor", req.params.operation, () => decodeCbor(rawBody(req)));
  });
  app.post("/", body, (req: Request, res: Response, next: NextFunction) => {
    const target = req.get("x-amz-target") ?? "";
    if (target.startsWith(`${SERVICE}.`)) {
      serve(deps, req, res, "json", target.slice(SERVICE.length + 1), () => decodeJson(rawBody(req)));
      return;
    }
    if (!target && req.is("application/x-www-form-urlencoded")) {
      const params = new URLSearchParams(rawBody(req).toString("utf8"));
      const action = params.get("Action");
      if (action && params.get("Version") === API_VERSION) {
        serve(deps, req, res, "query", action, () => decodeQuery(params));
        return;
      }
    }
    next();
  });
}

function serve(
  deps: CloudWatchDeps,
  req: Request,
  res: Response,
  protocol: CloudWatchProtocol,
  operationName: string,
  decode: () => Input,
): void {
  try {
    const operation = Object.hasOwn(OPERATIONS, operationName) ? OPERATIONS[operationName] : undefined;
    if (!operation) {
      unknownOperation(res, protocol, operationName, req.id);
      return;
    }
    let input: Input;
    try {
      input = decode();
    } catch {
      throw undecodableBody();
    }
    sendOutput(res, protocol, operationName, operation(deps.metricStore, input), req.id);
  } catch (error) {
    if (!(error instanceof CloudWatchError)) req.log.error({ err: error }, "CloudWatch request failed");
    sendCloudWatchError(res, protocol, error instanceof CloudWatchError ? error : internalFailure(), req.id);
  }
}

function unknownOperation(
  res: Response,
  protocol: CloudWatchProtocol,
  operation: string,
  requestId: string,
): void {
  const message = `The operation ${operation} is not served by the emulator's CloudWatch (GetMetricData, GetMetricStatistics, ListMetrics).`;
  sendCloudWatchError(res, protocol, unknownOperationError(protocol, message), requestId);
}

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
