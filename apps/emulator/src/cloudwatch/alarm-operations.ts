// PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms and SetAlarmState over the
// emulator's metric alarms, with CloudWatch's validation and errors (botocore cloudwatch service-2.json).
// Metric-math alarms (Metrics) and anomaly-detection operators are refused with the reason.
import {
  invalidFormat,
  invalidNextToken,
  invalidParameterCombination,
  invalidParameterValue,
  limitExceeded,
  missingParameter,
  resourceNotFound,
} from "../wire/errors/cloudwatch.js";
import {
  ALARM_STATES,
  type AlarmRecord,
  COMPARISON_OPERATORS,
  MISSING_DATA_TREATMENTS,
} from "./alarm-state.js";
import { flag, type Input, integer, list, number, requiredText, text } from "./input.js";
import type { MetricAlarms } from "./metric-alarms.js";
import { metricKey } from "./metric-alarms.js";
import { dimensionsOf } from "./metric-queries.js";
import { BASIC_STATISTICS, parseStatistic } from "./statistics.js";

/** CloudWatch's default quota of metric alarms per account and Region. */
const MAX_ALARMS = 10_000;

export interface AlarmDeps {
  alarms: MetricAlarms;
  region: string;
  accountId: string;
  /** Saves the kept state; resolves once it is on disk. */
  saved: () => Promise<void>;
}

export async function putMetricAlarm(deps: AlarmDeps, input: Input): Promise<object> {
  const name = requiredText(input, "AlarmName");
  if (name.length > 255) invalidLength("AlarmName", 255);
  if (input.Metrics !== undefined) {
    throw invalidParameterValue(
      "The emulator's alarms watch one metric: metric math (Metrics) is not served.",
    );
  }
  const operator = requiredText(input, "ComparisonOperator");
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw invalidParameterValue(
      `The parameter ComparisonOperator must be a value in the set [ ${COMPARISON_OPERATORS.join(", ")} ] (anomaly detection is not served).`,
    );
  }
  const statistic = text(input, "Statistic");
  const extended = text(input, "ExtendedStatistic");
  if ((statistic === undefined) === (extended === undefined)) {
    throw invalidParameterCombination("Exactly one of Statistic and ExtendedStatistic must be specified.");
  }
  if (statistic !== undefined && !(BASIC_STATISTICS as readonly string[]).includes(statistic)) {
    throw invalidParameterValue(
      `The parameter Statistic must be a value in the set [ ${BASIC_STATISTICS.join(", ")} ].`,
    );
  }
  if (extended !== undefined && parseStatistic(extended)?.kind !== "percentile") {
    throw invalidParameterValue(`The value ${extended} for parameter ExtendedStatistic is not supported.`);
  }
  const period = integer(input, "Period");
  if (period === undefined) throw missingParameter("Period");
  if (!([10, 30].includes(period) || (period >= 60 && period % 60 === 0))) {
    throw invalidParameterValue("The parameter Period must be 10, 30 or a multiple of 60.");
  }
  const evaluationPeriods = integer(input, "EvaluationPeriods");
  if (evaluationPeriods === undefined) throw missingParameter("EvaluationPeriods");
  if (evaluationPeriods < 1)
    throw invalidParameterValue("The parameter EvaluationPeriods must be at least 1.");
  const datapointsToAlarm = integer(input, "DatapointsToAlarm");
  if (datapointsToAlarm !== undefined && (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)) {
    throw invalidParameterValue(
      "DatapointsToAlarm must be greater than 0 and less than or equal to EvaluationPeriods.",
    );
  }
  const threshold = number(input, "Threshold");
  if (threshold === undefined) throw missingParameter("Threshold");
  const treat = text(input, "TreatMissingData");
  if (treat !== undefined && !(MISSING_DATA_TREATMENTS as readonly string[]).includes(treat)) {
    throw invalidParameterValue(
      `The parameter TreatMissingData must be a value in the set [ ${MISSING_DATA_TREATMENTS.join(", ")} ].`,
    );
  }
  if (!deps.alarms.get(name) && deps.alarms.list().length >= MAX_ALARMS) {
    throw limitExceeded(`The maximum number of alarms (${MAX_ALARMS}) has been reached.`);
  }
  const now = Date.now();
  const description = text(input, "AlarmDescription");
  const unit = text(input, "Unit");
  const record: AlarmRecord = {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${deps.region}:${deps.accountId}:alarm:${name}`,
    ...(description === undefined ? {} : { AlarmDescription: description }),
    ActionsEnabled: flag(input, "ActionsEnabled") ?? true,
    OKActions: list(input.OKActions).map(String),
    AlarmActions: list(input.AlarmActions).map(String),
    InsufficientDataActions: list(input.InsufficientDataActions).map(String),
    MetricName: requiredText(input, "MetricName"),
    Namespace: requiredText(input, "Namespace"),
    ...(statistic === undefined ? {} : { Statistic: statistic }),
    ...(extended === undefined ? {} : { ExtendedStatistic: extended }),
    Dimensions: dimensionsOf(input.Dimensions).sort((a, b) =>
      a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0,
    ),
    Period: period,
    ...(unit === undefined ? {} : { Unit: unit }),
    EvaluationPeriods: evaluationPeriods,
    ...(datapointsToAlarm === undefined ? {} : { DatapointsToAlarm: datapointsToAlarm }),
    Threshold: threshold,
    ComparisonOperator: operator as AlarmRecord["ComparisonOperator"],
    ...(treat === undefined ? {} : { TreatMissingData: treat as AlarmRecord["TreatMissingData"] }),
    AlarmConfigurationUpdatedTimestamp: now,
    StateValue: "INSUFFICIENT_DATA",
    StateReason: "Unchecked: Initial alarm creation",
    StateUpdatedTimestamp: now,
    StateTransitionedTimestamp: now,
  };
  deps.alarms.put(record);
  await deps.saved();
  return {};
}

export function describeAlarms(deps: AlarmDeps, input: Input): object {
  const names = list(input.AlarmNames).map(String);
  const prefix = text(input, "AlarmNamePrefix");
  if (names.length > 0 && prefix !== undefined) {
    throw invalidParameterCombination("AlarmNamePrefix and AlarmNames cannot be specified together.");
  }
  const state = text(input, "StateValue");
  if (state !== undefined && !(ALARM_STATES as readonly string[]).includes(state)) {
    throw invalidParameterValue(
      `The parameter StateValue must be a value in the set [ ${ALARM_STATES.join(", ")} ].`,
    );
  }
  const actionPrefix = text(input, "ActionPrefix");
  const types = list(input.AlarmTypes).map(String);
  const maxRecords = integer(input, "MaxRecords") ?? 50;
  if (maxRecords < 1 || maxRecords > 100) {
    throw invalidParameterValue("The parameter MaxRecords must be between 1 and 100.");
  }
  const matching =
    types.length > 0 && !types.includes("MetricAlarm")
      ? []
      : deps.alarms
          .list()
          .filter(
            (a) =>
              (names.length === 0 || names.includes(a.AlarmName)) &&
              (prefix === undefined || a.AlarmName.startsWith(prefix)) &&
              (state === undefined || a.StateValue === state) &&
              (actionPrefix === undefined ||
                [...a.AlarmActions, ...a.OKActions, ...a.InsufficientDataActions].some((arn) =>
                  arn.startsWith(actionPrefix),
                )),
          );
  const offset = decodeOffset(text(input, "NextToken"), matching.length);
  const page = matching.slice(offset, offset + maxRecords);
  const next = offset + maxRecords < matching.length ? encodeOffset(offset + maxRecords) : undefined;
  return {
    MetricAlarms: page.map(wireAlarm),
    CompositeAlarms: [],
    ...(next === undefined ? {} : { NextToken: next }),
  };
}

export function describeAlarmsForMetric(deps: AlarmDeps, input: Input): object {
  const key = metricKey(
    requiredText(input, "Namespace"),
    requiredText(input, "MetricName"),
    dimensionsOf(input.Dimensions),
  );
  const statistic = text(input, "Statistic");
  const extended = text(input, "ExtendedStatistic");
  const period = integer(input, "Period");
  const unit = text(input, "Unit");
  return {
    MetricAlarms: deps.alarms
      .list()
      .filter(
        (a) =>
          metricKey(a.Namespace, a.MetricName, a.Dimensions) === key &&
          (statistic === undefined || a.Statistic === statistic) &&
          (extended === undefined || a.ExtendedStatistic === extended) &&
          (period === undefined || a.Period === period) &&
          (unit === undefined || a.Unit === unit),
      )
      .map(wireAlarm),
  };
}

export async function deleteAlarms(deps: AlarmDeps, input: Input): Promise<object> {
  const names = list(input.AlarmNames).map(String);
  if (names.length > 100)
    throw invalidParameterValue("The parameter AlarmNames must have at most 100 members.");
  const missing = deps.alarms.delete(names);
  if (missing.length > 0) throw resourceNotFound(`Alarm(s) not found: ${missing.join(", ")}`);
  await deps.saved();
  return {};
}

export async function setAlarmState(deps: AlarmDeps, input: Input): Promise<object> {
  const name = requiredText(input, "AlarmName");
  const state = requiredText(input, "StateValue");
  if (!(ALARM_STATES as readonly string[]).includes(state)) {
    throw invalidParameterValue(
      `The parameter StateValue must be a value in the set [ ${ALARM_STATES.join(", ")} ].`,
    );
  }
  const reason = requiredText(input, "StateReason");
  const reasonData = text(input, "StateReasonData");
  if (reasonData !== undefined) {
    try {
      JSON.parse(reasonData);
    } catch {
      throw invalidFormat("The parameter StateReasonData must be valid JSON.");
    }
  }
  if (!deps.alarms.get(name)) throw resourceNotFound(`Alarm ${name} not found`);
  deps.alarms.setState(name, state as AlarmRecord["StateValue"], reason, reasonData);
  await deps.saved();
  return {};
}

/** The MetricAlarm shape: times as Dates (each protocol writes its own timestamp form). */
function wireAlarm(record: AlarmRecord): Record<string, unknown> {
  return {
    ...record,
    Dimensions: record.Dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    AlarmConfigurationUpdatedTimestamp: new Date(record.AlarmConfigurationUpdatedTimestamp),
    StateUpdatedTimestamp: new Date(record.StateUpdatedTimestamp),
    StateTransitionedTimestamp: new Date(record.StateTransitionedTimestamp),
  };
}

function invalidLength(name: string, max: number): never {
  throw invalidParameterValue(`The parameter ${name} must be at most ${max} characters long.`);
}

function encodeOffset(offset: number): string {
  return Buffer.from(`alarms:${offset}`).toString("base64");
}

function decodeOffset(token: string | undefined, count: number): number {
  if (token === undefined) return 0;
  const match = /^alarms:(\d+)$/.exec(Buffer.from(token, "base64").toString("utf8"));
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!(offset >= 0 && offset <= count)) throw invalidNextToken();
  return offset;
}
