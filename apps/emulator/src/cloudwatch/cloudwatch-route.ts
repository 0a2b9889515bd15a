// Mounts CloudWatch on the emulator's port: `POST /service/GraniteServiceVersion20100801/operation/<Op>`
// (RPC v2 CBOR), and on `POST /` the JSON 1.0 target `GraniteServiceVersion20100801.<Op>` or a Query
// form with `Action=<Op>&Version=2010-08-01`; other `POST /` requests pass on (the SageMaker control plane).
// Metric queries read the metric store; the alarm operations act on the metric alarms.
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { MetricStore } from "../metrics/metric-store.js";
import {
  CloudWatchError,
  internalFailure,
  undecodableBody,
  unknownOperationError,
} from "../wire/errors/cloudwatch.js";
import {
  type AlarmDeps,
  deleteAlarms,
  describeAlarms,
  describeAlarmsForMetric,
  putMetricAlarm,
  setAlarmState,
} from "./alarm-operations.js";
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

export interface CloudWatchDeps {
  metricStore: MetricStore;
  /** The alarm operations answer UnknownOperation without them. */
  alarms?: AlarmDeps;
}

type Operation = (deps: CloudWatchDeps, input: Input) => object | Promise<object>;

const alarmOperation =
  (operation: (deps: AlarmDeps, input: Input) => object | Promise<object>): Operation =>
  (deps, input) =>
    operation(deps.alarms!, input);

const OPERATIONS: Record<string, Operation> = {
  GetMetricData: (deps, input) => getMetricData(deps.metricStore, input),
  GetMetricStatistics: (deps, input) => getMetricStatistics(deps.metricStore, input),
  ListMetrics: (deps, input) => listMetrics(deps.metricStore, input),
  PutMetricAlarm: alarmOperation(putMetricAlarm),
  DescribeAlarms: alarmOperation(describeAlarms),
  DescribeAlarmsForMetric: alarmOperation(describeAlarmsForMetric),
  DeleteAlarms: alarmOperation(deleteAlarms),
  SetAlarmState: alarmOperation(setAlarmState),
};
const ALARM_OPERATIONS = new Set([
  "PutMetricAlarm",
  "DescribeAlarms",
  "DescribeAlarmsForMetric",
  "DeleteAlarms",
  "SetAlarmState",
]);

export function mountCloudWatch(app: Express, deps: CloudWatchDeps): void {
  const body = express.raw({ type: () => true, limit: "10mb" });
  app.post(`/service/${SERVICE}/operation/:operation`, body, (req: Request<{ operation: string }>, res) => {
    void serve(deps, req, res, "rpc-v2-cbor", req.params.operation, () => decodeCbor(rawBody(req)));
  });
  app.post("/", body, (req: Request, res: Response, next: NextFunction) => {
    const target = req.get("x-amz-target") ?? "";
    if (target.startsWith(`${SERVICE}.`)) {
      void serve(deps, req, res, "json", target.slice(SERVICE.length + 1), () => decodeJson(rawBody(req)));
      return;
    }
    if (!target && req.is("application/x-www-form-urlencoded")) {
      const params = new URLSearchParams(rawBody(req).toString("utf8"));
      const action = params.get("Action");
      if (action && params.get("Version") === API_VERSION) {
        void serve(deps, req, res, "query", action, () => decodeQuery(params));
        return;
      }
    }
    next();
  });
}

async function serve(
  deps: CloudWatchDeps,
  req: Request,
  res: Response,
  protocol: CloudWatchProtocol,
  operationName: string,
  decode: () => Input,
): Promise<void> {
  try {
    const served =
      Object.hasOwn(OPERATIONS, operationName) && (deps.alarms || !ALARM_OPERATIONS.has(operationName));
    const operation = served ? OPERATIONS[operationName] : undefined;
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
    sendOutput(res, protocol, operationName, await operation(deps, input), req.id);
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
  const message = `The operation ${operation} is not served by the emulator's CloudWatch (${Object.keys(OPERATIONS).join(", ")}).`;
  sendCloudWatchError(res, protocol, unknownOperationError(protocol, message), requestId);
}

function rawBody(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
