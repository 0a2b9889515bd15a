// The narrow view of the inference components Application Auto Scaling acts through: their copy counts,
// their InvocationsPerCopy (from the per-component metrics) and UpdateInferenceComponentRuntimeConfig.
import type { ScalableComponents } from "../autoscaling/scalable-components.js";
import type { ScalingChange } from "../autoscaling/scalable-variants.js";
import type { InferenceComponents } from "./inference-components/inference-components.js";

/** How often a copy-count change is checked for its end (the component's transition has no event). */
const SETTLED_POLL_MS = 25;

export function scalableComponents(
  components: InferenceComponents,
  perCopy: { invocationsPerCopy(componentName: string): number },
): ScalableComponents {
  return {
    hasComponent: (name) => components.records.has(name),
    servingComponent: (name) => {
      const record = components.records.get(name);
      return (
        record && {
          invocationsPerCopy: perCopy.invocationsPerCopy(name),
          copyCount: record.desiredCopyCount,
        }
      );
    },
    isInService: (name) => components.records.get(name)?.status === "InService",
    setDesiredCopyCount: (name, count) => {
      const record = components.scale(name, count);
      const change: { settled: Promise<void>; failureReason?: string } = {
        settled: new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            const now = components.records.get(name);
            if (now === record && record.status === "Updating") return;
            if (now !== record || record.status === "Failed")
              change.failureReason = record.failureReason ?? "deleted";
            clearInterval(timer);
            resolve();
          }, SETTLED_POLL_MS);
          timer.unref();
        }),
      };
      return change satisfies ScalingChange;
    },
  };
}
