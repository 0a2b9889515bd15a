import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { callAws } from "../aws/call-aws.js";
import { check, type DoctorCheck, errorLine } from "./doctor-check.js";

// Lines SageMaker's platform, Triton (`E1201 12:00:00.000 …`) and MMS write when a load or call fails.
const TROUBLE =
  /\b(error|errors|failed|failure|fail(s|ed)? to load|exception|traceback|out of memory|oom|killed)\b|^E\d{4} /i;

export interface LogCheckOptions {
  /** Look this far back, default one hour. */
  sinceMs?: number;
  now?: number;
  /** Stop after reading this many events, default 10,000. */
  maxEvents?: number;
  /** Against the emulator: an emulator without CloudWatch Logs is skipped, not warned about. */
  local?: boolean;
}

/** Recent load failures and errors in the endpoint's log group, when it exists. */
export async function checkLogs(
  logs: CloudWatchLogsClient,
  endpointName: string,
  options: LogCheckOptions = {},
): Promise<DoctorCheck> {
  const group = `/aws/sagemaker/Endpoints/${endpointName}`;
  const sinceMs = options.sinceMs ?? 3_600_000;
  const now = options.now ?? Date.now();
  const maxEvents = options.maxEvents ?? 10_000;
  try {
    const groups = await callAws(logs, "DescribeLogGroups", () =>
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group })),
    );
    if (!(groups.logGroups ?? []).some((g) => g.logGroupName === group)) {
      return check(
        "logs",
        "CloudWatch Logs",
        "skip",
        `no log group ${group} (the endpoint has not logged yet)`,
      );
    }
    const troubles: { timestamp: number; stream: string; message: string }[] = [];
    let read = 0;
    let nextToken: string | undefined;
    do {
      const page = await callAws(logs, "FilterLogEvents", () =>
        logs.send(
          new FilterLogEventsCommand({
            logGroupName: group,
            startTime: now - sinceMs,
            endTime: now,
            nextToken,
          }),
        ),
      );
      for (const event of page.events ?? []) {
        read++;
        const message = (event.message ?? "").trim();
        if (TROUBLE.test(message)) {
          troubles.push({ timestamp: event.timestamp ?? 0, stream: event.logStreamName ?? "", message });
        }
      }
      nextToken = page.nextToken;
    } while (nextToken && read < maxEvents);
    const window = `the last ${Math.round(sinceMs / 60_000)} min`;
    if (troubles.length === 0) {
      return check(
        "logs",
        "CloudWatch Logs",
        "pass",
        `no errors or load failures in ${group} over ${window} (${read} events read)`,
      );
    }
    troubles.sort((a, b) => b.timestamp - a.timestamp);
    return check(
      "logs",
      "CloudWatch Logs",
      "warn",
      `${troubles.length} error line${troubles.length === 1 ? "" : "s"} in ${group} over ${window}; newest: ${oneLine(troubles[0]!.message)}`,
      {
        // `aws logs tail` is AWS CLI v2 only; mme logs reads the same group with either CLI installed.
        fix: `read them with mme logs --since ${Math.round(sinceMs / 60_000)}m${options.local ? " --local" : ""}`,
        details: troubles
          .slice(0, 5)
          .map((t) => `${new Date(t.timestamp).toISOString()} ${t.stream}: ${oneLine(t.message)}`),
        data: { logGroup: group, errors: troubles.slice(0, 50) },
      },
    );
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (/AccessDenied|Unauthorized/i.test(name)) {
      return check("logs", "CloudWatch Logs", "warn", `cannot read CloudWatch Logs: ${errorLine(error)}`, {
        fix: "allow logs:DescribeLogGroups and logs:FilterLogEvents to these credentials",
      });
    }
    if (options.local && /UnknownOperation|NotImplemented|RouteNotFound/i.test(name)) {
      return check("logs", "CloudWatch Logs", "skip", "this emulator does not serve CloudWatch Logs");
    }
    return check("logs", "CloudWatch Logs", "warn", `cannot read CloudWatch Logs: ${errorLine(error)}`, {
      fix: "check the endpoint URL and network; doctor's other checks do not depend on it",
    });
  }
}

function oneLine(message: string): string {
  const line = message.split("\n")[0]!;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
