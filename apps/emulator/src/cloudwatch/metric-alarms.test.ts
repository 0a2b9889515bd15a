// The alarm evaluator on a compressed clock (a 60 s period lasts 10 ms): values put to the watched metric
// become one datapoint per period; ALARM after DatapointsToAlarm breaching ones, then the scaling action.
import { describe, expect, it, vi } from "vitest";
import { MetricStore } from "../metrics/metric-store.js";
import type { AlarmRecord } from "./alarm-state.js";
import { MetricAlarms } from "./metric-alarms.js";

const DIMENSIONS = [{ Name: "InferenceComponentName", Value: "ic-a" }];

function alarm(overrides: Partial<AlarmRecord> = {}): AlarmRecord {
  return {
    AlarmName: "ic-a-from-zero",
    AlarmArn: "arn:aws:cloudwatch:us-east-1:000000000000:alarm:ic-a-from-zero",
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: ["arn:aws:autoscaling:policy"],
    InsufficientDataActions: [],
    MetricName: "NoCapacityInvocationFailures",
    Namespace: "AWS/SageMaker",
    Statistic: "Sum",
    Dimensions: DIMENSIONS,
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: "GreaterThanOrEqualToThreshold",
    AlarmConfigurationUpdatedTimestamp: 0,
    StateValue: "INSUFFICIENT_DATA",
    StateReason: "Unchecked: Initial alarm creation",
    StateUpdatedTimestamp: 0,
    StateTransitionedTimestamp: 0,
    ...overrides,
  };
}

function setup(record: AlarmRecord) {
  const store = new MetricStore();
  const act = vi.fn(() => true);
  const alarms = new MetricAlarms({ store, timeScale: 6000, act, changed: () => {} });
  alarms.put(record);
  return { store, act, alarms, record };
}

describe("MetricAlarms", () => {
  it("goes to ALARM on a breaching datapoint and invokes its scaling action", async () => {
    const { store, act, alarms, record } = setup(alarm());
    try {
      store.put("AWS/SageMaker", "NoCapacityInvocationFailures", DIMENSIONS, "None", 1);
      await vi.waitFor(() => expect(record.StateValue).toBe("ALARM"), { timeout: 5000, interval: 5 });
      expect(record.StateReason).toMatch(
        /^Threshold Crossed: 1 out of the last 1 datapoints \[1\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than or equal to the threshold \(1\.0\)/,
      );
      expect(act).toHaveBeenCalledWith("arn:aws:autoscaling:policy", {
        alarmName: "ic-a-from-zero",
        value: 1,
        threshold: 1,
      });
      // No more failures: the next period has no datapoint.
      await vi.waitFor(() => expect(record.StateValue).toBe("INSUFFICIENT_DATA"), {
        timeout: 5000,
        interval: 5,
      });
    } finally {
      alarms.close();
    }
  });

  it("ignores other metrics and other dimensions, and goes OK on non-breaching data", async () => {
    const { store, act, alarms, record } = setup(alarm({ TreatMissingData: "notBreaching" }));
    try {
      store.put(
        "AWS/SageMaker",
        "NoCapacityInvocationFailures",
        [{ Name: "InferenceComponentName", Value: "b" }],
        "None",
        5,
      );
      store.put("AWS/SageMaker", "Invocations", DIMENSIONS, "None", 5);
      await vi.waitFor(() => expect(record.StateValue).toBe("OK"), { timeout: 5000, interval: 5 });
      expect(act).not.toHaveBeenCalled();
    } finally {
      alarms.close();
    }
  });

  it("needs DatapointsToAlarm breaching datapoints out of EvaluationPeriods", async () => {
    const { store, alarms, record } = setup(
      alarm({ EvaluationPeriods: 3, DatapointsToAlarm: 2, Statistic: "Maximum", Threshold: 10 }),
    );
    try {
      const writer = store.writer("AWS/SageMaker", "NoCapacityInvocationFailures", DIMENSIONS, "None");
      const feeding = setInterval(() => writer.put(20), 2);
      await vi.waitFor(() => expect(record.StateValue).toBe("ALARM"), { timeout: 5000, interval: 5 });
      clearInterval(feeding);
      expect(record.StateReason).toMatch(/minimum 2 datapoints for OK -> ALARM transition/);
    } finally {
      alarms.close();
    }
  });

  it("deletes all the named alarms or none", () => {
    const { alarms } = setup(alarm());
    try {
      expect(alarms.delete(["ic-a-from-zero", "nope"])).toEqual(["nope"]);
      expect(alarms.get("ic-a-from-zero")).toBeDefined();
      expect(alarms.delete(["ic-a-from-zero"])).toEqual([]);
      expect(alarms.list()).toEqual([]);
    } finally {
      alarms.close();
    }
  });
});
