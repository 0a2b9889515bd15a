// The two kinds of SageMaker resource the emulator scales, told apart by ResourceId and dimension: an
// endpoint variant's instance count, or an inference component's copy count. Each resolves to one view
// (its capacity, the per-capacity invocations counter its target tracking reads, and how to change it).
import { ValidationException } from "../wire/errors/sagemaker.js";
import type { ScalableComponents } from "./scalable-components.js";
import type { ScalableVariants, ScalingChange } from "./scalable-variants.js";
import {
  COMPONENT_PREDEFINED_METRIC,
  COMPONENT_SCALABLE_DIMENSION,
  PREDEFINED_METRIC,
  SCALABLE_DIMENSION,
} from "./shapes.js";

export interface ScalableKind {
  dimension: string;
  /** The predefined metric its target tracking serves. */
  predefinedMetric: string;
  /** "instance" or "copy": the activities' wording ("Setting desired copy count to 2."). */
  unit: string;
}

const VARIANT: ScalableKind = {
  dimension: SCALABLE_DIMENSION,
  predefinedMetric: PREDEFINED_METRIC,
  unit: "instance",
};
const COMPONENT: ScalableKind = {
  dimension: COMPONENT_SCALABLE_DIMENSION,
  predefinedMetric: COMPONENT_PREDEFINED_METRIC,
  unit: "copy",
};

const VARIANT_ID = /^endpoint\/([^/]+)\/variant\/([^/]+)$/;
const COMPONENT_ID = /^inference-component\/([^/]+)$/;

export type ParsedResource =
  | { kind: ScalableKind; endpointName: string; variantName: string; componentName?: undefined }
  | { kind: ScalableKind; componentName: string; endpointName?: undefined; variantName?: undefined };

/** The kind of a ResourceId already accepted (a kept target or policy). */
export function kindOf(resourceId: string): ScalableKind {
  return COMPONENT_ID.test(resourceId) ? COMPONENT : VARIANT;
}

export function parseResource(input: {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
}): ParsedResource {
  if (input.ServiceNamespace !== "sagemaker") {
    throw new ValidationException(
      `The emulator serves Application Auto Scaling for service namespace sagemaker only (got ${input.ServiceNamespace})`,
    );
  }
  if (input.ScalableDimension === COMPONENT_SCALABLE_DIMENSION) {
    const match = COMPONENT_ID.exec(input.ResourceId);
    if (!match) {
      throw new ValidationException(
        `Unsupported resource ID ${input.ResourceId}; expected inference-component/<InferenceComponentName>`,
      );
    }
    return { kind: COMPONENT, componentName: match[1]! };
  }
  if (input.ScalableDimension !== SCALABLE_DIMENSION) {
    throw new ValidationException(
      `Unsupported scalable dimension ${input.ScalableDimension}; the emulator scales ${SCALABLE_DIMENSION} and ${COMPONENT_SCALABLE_DIMENSION}`,
    );
  }
  const match = VARIANT_ID.exec(input.ResourceId);
  if (!match) {
    throw new ValidationException(
      `Unsupported resource ID ${input.ResourceId}; expected endpoint/<EndpointName>/variant/<VariantName>`,
    );
  }
  return { kind: VARIANT, endpointName: match[1]!, variantName: match[2]! };
}

/** A scalable resource as autoscaling acts on it. */
export interface ScaledResource {
  exists(): boolean;
  /** Per-capacity invocations summed since start, and the capacity now; undefined while it does not serve. */
  serving(): { cumulative: number; capacity: number } | undefined;
  inService(): boolean;
  setCapacity(count: number): ScalingChange;
}

export function scaledResource(
  parsed: ParsedResource,
  variants: ScalableVariants,
  components: ScalableComponents,
): ScaledResource {
  if (parsed.componentName !== undefined) {
    const name = parsed.componentName;
    return {
      exists: () => components.hasComponent(name),
      serving: () => {
        const component = components.servingComponent(name);
        return component && { cumulative: component.invocationsPerCopy, capacity: component.copyCount };
      },
      inService: () => components.isInService(name),
      setCapacity: (count) => components.setDesiredCopyCount(name, count),
    };
  }
  const { endpointName, variantName } = parsed;
  return {
    exists: () => variants.hasVariant(endpointName, variantName),
    serving: () => {
      const variant = variants.servingVariant(endpointName, variantName);
      return variant && { cumulative: variant.invocationsPerInstance, capacity: variant.instanceCount };
    },
    inService: () => variants.isInService(endpointName),
    setCapacity: (count) => variants.setDesiredInstanceCount(endpointName, variantName, count),
  };
}
