// DescribeLogGroups, DescribeLogStreams, GetLogEvents and FilterLogEvents over the LogStore, with
// CloudWatch Logs' paging: GetLogEvents' f/ and b/ tokens (the forward token repeats at the end of a
// stream), FilterLogEvents merged across streams in time order, limits 50 / 10 000.
import type { AccountScope } from "../wire/arns.js";
import { groupNotFound, invalidParameter, streamNotFound } from "../wire/errors/logs.js";
import { compileFilterPattern, InvalidFilterPattern } from "./filter-pattern.js";
import { logGroupArn } from "./log-names.js";
import type { LogEvent, LogGroup, LogStore, LogStream } from "./log-store.js";

type Input = Record<string, unknown>;

export interface LogsContext {
  store: LogStore;
  scope: AccountScope;
}

const str = (input: Input, name: string): string | undefined => {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(`${name} must be a string.`);
  return value;
};

const num = (input: Input, name: string): number | undefined => {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidParameter(`${name} must be a number.`);
  return value;
};

const bool = (input: Input, name: string): boolean | undefined => {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParameter(`${name} must be a boolean.`);
  return value;
};

function limit(input: Input, max: number): number {
  const value = num(input, "limit") ?? max;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${value}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  return value;
}

function pageToken(input: Input): number {
  const token = str(input, "nextToken");
  if (token === undefined) return 0;
  const offset = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^o:/, ""));
  if (!Number.isInteger(offset) || offset < 0) throw invalidParameter("The specified nextToken is invalid.");
  return offset;
}

const offsetToken = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");

/** logGroupName or logGroupIdentifier (a name or an ARN). */
function group(ctx: LogsContext, input: Input): LogGroup {
  const identifier = str(input, "logGroupName") ?? str(input, "logGroupIdentifier");
  if (identifier === undefined)
    throw invalidParameter("Either logGroupName or logGroupIdentifier must be specified.");
  const name = identifier.startsWith("arn:")
    ? identifier.replace(/^arn:[^:]*:logs:[^:]*:\d*:log-group:/, "").replace(/:\*$/, "")
    : identifier;
  const found = ctx.store.groups.get(name);
  if (!found) throw groupNotFound();
  return found;
}

const groupArn = (ctx: LogsContext, name: string) => logGroupArn(ctx.scope, name);

export function describeLogGroups(ctx: LogsContext, input: Input) {
  const prefix = str(input, "logGroupNamePrefix");
  const pattern = str(input, "logGroupNamePattern");
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter(
      "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    );
  }
  const max = limit(input, 50);
  const from = pageToken(input);
  const groups = [...ctx.store.groups.values()]
    .filter(
      (g) =>
        (prefix === undefined || g.name.startsWith(prefix)) &&
        (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())),
    )
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = groups.slice(from, from + max);
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: `${groupArn(ctx, g.name)}:*`,
      logGroupArn: groupArn(ctx, g.name),
      storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
      logGroupClass: "STANDARD",
    })),
    ...(from + page.length < groups.length ? { nextToken: offsetToken(from + page.length) } : {}),
  };
}

export function describeLogStreams(ctx: LogsContext, input: Input) {
  const logGroup = group(ctx, input);
  const prefix = str(input, "logStreamNamePrefix");
  const orderBy = str(input, "orderBy") ?? "LogStreamName";
  if (orderBy !== "LogStreamName" && orderBy !== "LastEventTime") {
    throw invalidParameter(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (orderBy === "LastEventTime" && prefix !== undefined) {
    throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const descending = bool(input, "descending") ?? false;
  const max = limit(input, 50);
  const from = pageToken(input);
  const key = (s: LogStream) => (orderBy === "LastEventTime" ? (s.events.at(-1)?.timestamp ?? 0) : s.name);
  const streams = [...logGroup.streams.values()]
    .filter((s) => prefix === undefined || s.name.startsWith(prefix))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (descending ? -1 : 1));
  const page = streams.slice(from, from + max);
  return {
    logStreams: page.map((s) => ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(s.events.length > 0
        ? {
            firstEventTimestamp: Math.min(...s.events.map((e) => e.timestamp)),
            lastEventTimestamp: Math.max(...s.events.map((e) => e.timestamp)),
            lastIngestionTime: s.events.at(-1)!.ingestionTime,
          }
        : {}),
      arn: `${groupArn(ctx, logGroup.name)}:log-stream:${s.name}`,
      storedBytes: 0,
    })),
    ...(from + page.length < streams.length ? { nextToken: offsetToken(from + page.length) } : {}),
  };
}

export function getLogEvents(ctx: LogsContext, input: Input) {
  const logGroup = group(ctx, input);
  const streamName = str(input, "logStreamName");
  if (streamName === undefined) throw invalidParameter("logStreamName must be specified.");
  const stream = logGroup.streams.get(streamName);
  if (!stream) throw streamNotFound();
  const startTime = num(input, "startTime");
  const endTime = num(input, "endTime");
  const max = limit(input, 10_000);
  const inRange = stream.events.filter(
    (e) =>
      (startTime === undefined || e.timestamp >= startTime) &&
      (endTime === undefined || e.timestamp < endTime),
  );
  const token = str(input, "nextToken");
  let from: number;
  let to: number;
  if (token === undefined) {
    const fromHead = bool(input, "startFromHead") ?? false;
    from = fromHead ? 0 : Math.max(0, inRange.length - max);
    to = Math.min(inRange.length, from + max);
  } else {
    const match = /^([fb])\/(\d+)$/.exec(token);
    if (!match) throw invalidParameter("The specified nextToken is invalid.");
    const seq = Number(match[2]);
    if (match[1] === "f") {
      from = firstIndexAtOrAfter(inRange, seq);
      to = Math.min(inRange.length, from + max);
    } else {
      to = firstIndexAtOrAfter(inRange, seq);
      from = Math.max(0, to - max);
    }
  }
  const events = inRange.slice(from, to);
  const forwardSeq = to < inRange.length ? inRange[to]!.seq : (inRange.at(-1)?.seq ?? 0) + 1;
  const backwardSeq = from < inRange.length ? inRange[from]!.seq : forwardSeq;
  return {
    events: events.map((e) => ({
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
    })),
    nextForwardToken: `f/${String(forwardSeq).padStart(20, "0")}`,
    nextBackwardToken: `b/${String(backwardSeq).padStart(20, "0")}`,
  };
}

function firstIndexAtOrAfter(events: LogEvent[], seq: number): number {
  const index = events.findIndex((e) => e.seq >= seq);
  return index === -1 ? events.length : index;
}

export function filterLogEvents(ctx: LogsContext, input: Input) {
  const logGroup = group(ctx, input);
  const names = input.logStreamNames;
  const prefix = str(input, "logStreamNamePrefix");
  if (names !== undefined && prefix !== undefined) {
    throw invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive.");
  }
  if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== "string"))) {
    throw invalidParameter("logStreamNames must be a list of strings.");
  }
  const streams = [...logGroup.streams.values()].filter(
    (s) =>
      (names === undefined || (names as string[]).includes(s.name)) &&
      (prefix === undefined || s.name.startsWith(prefix)),
  );
  if (Array.isArray(names) && streams.length < names.length) throw streamNotFound();
  let matches: (message: string) => boolean;
  try {
    matches = compileFilterPattern(str(input, "filterPattern"));
  } catch (error) {
    if (error instanceof InvalidFilterPattern) throw invalidParameter(error.message);
    throw error;
  }
  const startTime = num(input, "startTime");
  const endTime = num(input, "endTime");
  const max = limit(input, 10_000);
  const cursor = filterCursor(str(input, "nextToken"));
  const merged = streams
    .flatMap((s) => s.events.map((event) => ({ stream: s.name, event })))
    .filter(
      ({ event }) =>
        (startTime === undefined || event.timestamp >= startTime) &&
        (endTime === undefined || event.timestamp <= endTime) &&
        (cursor === undefined || after(event, cursor)) &&
        matches(event.message),
    )
    .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.seq - b.event.seq);
  const page = merged.slice(0, max);
  const last = page.at(-1)?.event;
  return {
    events: page.map(({ stream, event }) => ({
      logStreamName: stream,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: String(event.seq).padStart(56, "0"),
    })),
    searchedLogStreams: streams.map((s) => ({
      logStreamName: s.name,
      searchedCompletely: page.length === merged.length,
    })),
    ...(merged.length > page.length && last
      ? { nextToken: Buffer.from(JSON.stringify({ t: last.timestamp, q: last.seq })).toString("base64url") }
      : {}),
  };
}

function after(event: LogEvent, cursor: { t: number; q: number }): boolean {
  return event.timestamp > cursor.t || (event.timestamp === cursor.t && event.seq > cursor.q);
}

function filterCursor(token: string | undefined): { t: number; q: number } | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { t: number; q: number };
    if (Number.isFinite(parsed.t) && Number.isInteger(parsed.q)) return parsed;
  } catch {
    // falls through
  }
  throw invalidParameter("The specified nextToken is invalid.");
}
