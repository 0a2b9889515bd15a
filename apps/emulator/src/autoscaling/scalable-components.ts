// What Application Auto Scaling sees of the inference components it scales (ResourceId
// inference-component/<name>, dimension sagemaker:inference-component:DesiredCopyCount). The control
// plane builds this view at start-up, so autoscaling never imports the plane.
import type { ScalingChange } from "./scalable-variants.js";

export interface ScalableComponents {
  /** Whether the component exists (RegisterScalableTarget). */
  hasComponent(componentName: string): boolean;
  /** Its InvocationsPerCopy summed since start and its desired copy count; undefined once it is gone. */
  servingComponent(componentName: string): { invocationsPerCopy: number; copyCount: number } | undefined;
  /** InService: a copy count can be changed now. */
  isInService(componentName: string): boolean;
  /** UpdateInferenceComponentRuntimeConfig with this DesiredCopyCount; throws as that does. */
  setDesiredCopyCount(componentName: string, count: number): ScalingChange;
}

export const NO_SCALABLE_COMPONENTS: ScalableComponents = {
  hasComponent: () => false,
  servingComponent: () => undefined,
  isInService: () => false,
  setDesiredCopyCount: () => {
    throw new Error("no inference components");
  },
};
