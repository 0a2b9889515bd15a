// A CloudWatch metric alarm as the emulator keeps it (with the control plane's state, so it survives a
// restart): its definition from PutMetricAlarm and its state. The state file is checked with this schema.
import { z } from "zod";

export const COMPARISON_OPERATORS = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;
export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
export const MISSING_DATA_TREATMENTS = ["breaching", "notBreaching", "ignore", "missing"] as const;

export const AlarmRecord = z.object({
  AlarmName: z.string(),
  AlarmArn: z.string(),
  AlarmDescription: z.string().optional(),
  ActionsEnabled: z.boolean(),
  OKActions: z.array(z.string()),
  AlarmActions: z.array(z.string()),
  InsufficientDataActions: z.array(z.string()),
  MetricName: z.string(),
  Namespace: z.string(),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  /** Sorted by Name. */
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.string() })),
  /** Seconds (emulated, on the autoscaling clock). */
  Period: z.number().int(),
  Unit: z.string().optional(),
  EvaluationPeriods: z.number().int(),
  DatapointsToAlarm: z.number().int().optional(),
  Threshold: z.number(),
  ComparisonOperator: z.enum(COMPARISON_OPERATORS),
  TreatMissingData: z.enum(MISSING_DATA_TREATMENTS).optional(),
  /** Epoch ms. */
  AlarmConfigurationUpdatedTimestamp: z.number(),
  StateValue: z.enum(ALARM_STATES),
  StateReason: z.string(),
  StateReasonData: z.string().optional(),
  StateUpdatedTimestamp: z.number(),
  StateTransitionedTimestamp: z.number(),
});
export type AlarmRecord = z.infer<typeof AlarmRecord>;
export type AlarmStateValue = AlarmRecord["StateValue"];
