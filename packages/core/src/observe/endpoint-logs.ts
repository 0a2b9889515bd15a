// An endpoint's log group (/aws/sagemaker/Endpoints/<name>), or an inference component's
// (/aws/sagemaker/InferenceComponents/<name>), merged across its streams in time order, through
// FilterLogEvents: the same calls for AWS and the emulator; follow() polls for more.
import { setTimeout as sleep } from "node:timers/promises";
import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { callAws } from "../aws/call-aws.js";

export interface EndpointLogQuery {
  endpointName: string;
  /** Read this inference component's log group (a stream per copy) instead of the endpoint's. */
  componentName?: string;
  /** Epoch ms: events at or after. */
  startTime: number;
  /** Plain text to look for (sent as a quoted CloudWatch term, so it matches literally). */
  filter?: string;
}

export interface EndpointLogEvent {
  timestamp: string;
  stream: string;
  message: string;
  eventId: string;
}

export const endpointLogGroup = (endpointName: string) => `/aws/sagemaker/Endpoints/${endpointName}`;
export const componentLogGroup = (componentName: string) =>
  `/aws/sagemaker/InferenceComponents/${componentName}`;

/** The log group a query reads. */
export const queryLogGroup = (query: EndpointLogQuery) =>
  query.componentName === undefined
    ? endpointLogGroup(query.endpointName)
    : componentLogGroup(query.componentName);

export async function readEndpointLogs(
  client: CloudWatchLogsClient,
  query: EndpointLogQuery,
): Promise<EndpointLogEvent[]> {
  const events: EndpointLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await callAws(client, "FilterLogEvents", () =>
      client.send(
        new FilterLogEventsCommand({
          logGroupName: queryLogGroup(query),
          startTime: query.startTime,
          ...(query.filter ? { filterPattern: `"${query.filter.replace(/(["\\])/g, "\\$1")}"` } : {}),
          nextToken,
        }),
      ),
    );
    for (const e of page.events ?? []) {
      events.push({
        timestamp: new Date(e.timestamp ?? 0).toISOString(),
        stream: e.logStreamName ?? "",
        message: e.message ?? "",
        eventId: e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}

/**
 * Yields batches of new events every `intervalMs` until `signal` aborts, starting with what `query`
 * already matches. Events are re-read from the newest timestamp seen, and ones already yielded dropped.
 */
export async function* followEndpointLogs(
  client: CloudWatchLogsClient,
  query: EndpointLogQuery,
  signal: AbortSignal,
  intervalMs = 2000,
): AsyncGenerator<EndpointLogEvent[]> {
  let startTime = query.startTime;
  let seenAtStart = new Set<string>();
  while (!signal.aborted) {
    const events = (await readEndpointLogs(client, { ...query, startTime })).filter(
      (e) => !seenAtStart.has(e.eventId),
    );
    if (events.length > 0) {
      yield events;
      const newest = Date.parse(events.at(-1)!.timestamp);
      if (newest > startTime) seenAtStart = new Set();
      startTime = newest;
      for (const e of events) if (Date.parse(e.timestamp) === newest) seenAtStart.add(e.eventId);
    }
    // timers/promises removes its abort listener when the wait ends: one listener per wait, not one more
    // per poll (which warned MaxListenersExceededWarning after 11 polls).
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
