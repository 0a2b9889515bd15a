// What an instance's log stream holds: the platform's lines about its models (download, load, unload,
// evict, failures) and the invocations that failed on it, written from the activity feed; and its
// container's own output (a Python model's prints and tracebacks, runtime errors) through a pino destination.
import type { ActivityEvent, ActivityFeed } from "../metrics/activity-feed.js";
import { componentLogGroupName, componentLogStreamName, logGroupName, logStreamName } from "./log-names.js";
import type { LogStore } from "./log-store.js";

const ms = (micros: number | undefined) => (micros === undefined ? "?" : (micros / 1000).toFixed(1));

const UNLOAD_REASONS: Record<string, string> = {
  evicted: "evicted (least recently used, to make room)",
  "cache-disabled": "ModelCacheSetting is Disabled",
  shutdown: "the endpoint is shutting down",
  "container-lost": "the container no longer had it",
  requested: "unload requested from the explorer",
};

export function activityLogLine(event: ActivityEvent): string {
  const model = event.targetModel ?? "(none)";
  switch (event.kind) {
    case "download":
      return `[INFO] Model ${model} downloaded from S3: ${event.bytes ?? 0} bytes in ${ms(event.micros)} ms`;
    case "load":
    case "reload":
      return `[INFO] Model ${model} ${event.kind === "reload" ? "reloaded" : "loaded"} in ${ms(event.micros)} ms (${event.bytes ?? 0} bytes in memory)`;
    case "unload":
      return `[INFO] Model ${model} unloaded in ${ms(event.micros)} ms: ${UNLOAD_REASONS[event.reason ?? ""] ?? event.reason}`;
    case "disk-evict":
      return `[INFO] Model ${model} removed from disk: ${event.reason}`;
    case "load-failed":
      return `[ERROR] Model ${model} failed to load: ${event.reason}: ${event.message}`;
    case "invocation-error": {
      const level = (event.status ?? 500) >= 500 || event.reason === "ModelError" ? "ERROR" : "WARN";
      const request = event.requestId ? ` (request ${event.requestId})` : "";
      return `[${level}] Invocation of model ${model} failed${request}: ${event.reason} ${event.status}: ${event.message}`;
    }
    case "reset":
      return "[INFO] Endpoint reset: every model unloaded, disk tier emptied";
  }
}

/**
 * Appends each event to the stream of the instance it happened on. A request refused before it was
 * routed (a missing or malformed target model) reached no instance, so no stream has it, as on SageMaker;
 * the event feed still shows it. Returns the unsubscribe function.
 */
export function writeActivityToLogs(feed: ActivityFeed, store: LogStore): () => void {
  return feed.subscribe((event) => {
    if (event.instanceId === undefined) return;
    store.append(
      logGroupName(event.endpointName),
      logStreamName(event.variantName, event.instanceId),
      activityLogLine(event),
      event.time,
    );
  });
}

const PINO_LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

/**
 * A pino destination writing each record to the instance's stream as `[LEVEL] msg (details)`: what
 * its container (the embedded runtime, its Python workers' stderr) logs.
 */
export function containerLogDestination(
  store: LogStore,
  endpointName: string,
  variantName: string,
  instanceId: string,
) {
  return logDestination(store, logGroupName(endpointName), logStreamName(variantName, instanceId));
}

/** An inference-component copy's container: its own stream in the component's log group. */
export function copyLogDestination(
  store: LogStore,
  componentName: string,
  instanceId: string,
  copyId: string,
) {
  return logDestination(
    store,
    componentLogGroupName(componentName),
    componentLogStreamName(instanceId, copyId),
  );
}

function logDestination(store: LogStore, group: string, stream: string) {
  store.stream(group, stream);
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        store.append(group, stream, line.trimEnd());
        return;
      }
      const {
        level,
        time,
        msg,
        pid: _pid,
        hostname: _host,
        name: _name,
        instance: _instance,
        ...rest
      } = record;
      const details = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
      const at = typeof time === "number" ? time : Date.now();
      store.append(
        group,
        stream,
        `[${PINO_LEVELS[level as number] ?? "INFO"}] ${String(msg ?? "")}${details}`,
        at,
      );
    },
  };
}
