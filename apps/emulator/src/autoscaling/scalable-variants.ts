// What Application Auto Scaling sees of the SageMaker endpoints it scales. The control plane gives it
// this view when it builds autoscaling, so autoscaling never imports the plane.

export interface ScalingChange {
  /** Resolves once the new instance count is in service, or the change failed. */
  settled: Promise<void>;
  readonly failureReason?: string | undefined;
}

export interface ScalableVariants {
  /** Whether the endpoint exists with a production variant of that name (RegisterScalableTarget). */
  hasVariant(endpointName: string, variantName: string): boolean;
  /** The serving variant's counters; undefined while it does not serve. */
  servingVariant(
    endpointName: string,
    variantName: string,
  ): { invocationsPerInstance: number; instanceCount: number } | undefined;
  isInService(endpointName: string): boolean;
  /** UpdateEndpointWeightsAndCapacities with one variant's DesiredInstanceCount; throws as that does. */
  setDesiredInstanceCount(endpointName: string, variantName: string, count: number): ScalingChange;
  /** Saves the kept state without holding up a caller. */
  changedInBackground(): void;
}
