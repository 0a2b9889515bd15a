// An inference-component endpoint's components as /mme/status and the explorer show them: each one's
// status, model, copies (desired and current), the compute each copy reserves, the variant's routing
// strategy, and its copies (which instance, requests in flight, invocations) as the serving side reports them.

import { DEFAULT_ROUTING_STRATEGY } from "@mme/platform";
import type { InferenceComponents } from "../control-plane/inference-components/inference-components.js";
import type { EndpointRecord } from "../control-plane/records.js";

/** One copy of a component, as the serving side reports it. */
export interface ComponentCopyView {
  copyId: string;
  instanceId: string;
  inFlight: number;
  invocations: number;
  status: string;
}

export interface ComponentStatusView {
  componentName: string;
  status: string;
  failureReason?: string;
  variantName: string;
  modelName?: string;
  desiredCopies: number;
  currentCopies: number;
  /** ComputeResourceRequirements of each copy. */
  compute: { cpus?: number; memoryMb?: number; accelerators?: number };
  routingStrategy: string;
  copies: ComponentCopyView[];
}

export function componentStatuses(
  components: InferenceComponents,
  endpoint: EndpointRecord,
): ComponentStatusView[] {
  return components
    .list()
    .filter((record) => record.endpointName === endpoint.name)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((record) => {
      const variant = endpoint.config.input.ProductionVariants.find(
        (v) => v.VariantName === record.variantName,
      );
      const compute = record.specification.ComputeResourceRequirements;
      return {
        componentName: record.name,
        status: record.status,
        ...(record.failureReason === undefined ? {} : { failureReason: record.failureReason }),
        variantName: record.variantName,
        ...(record.specification.ModelName === undefined
          ? {}
          : { modelName: record.specification.ModelName }),
        desiredCopies: record.desiredCopyCount,
        currentCopies: record.currentCopyCount,
        compute: {
          ...(compute?.NumberOfCpuCoresRequired === undefined
            ? {}
            : { cpus: compute.NumberOfCpuCoresRequired }),
          ...(compute?.MinMemoryRequiredInMb === undefined
            ? {}
            : { memoryMb: compute.MinMemoryRequiredInMb }),
          ...(compute?.NumberOfAcceleratorDevicesRequired === undefined
            ? {}
            : { accelerators: compute.NumberOfAcceleratorDevicesRequired }),
        },
        routingStrategy: variant?.RoutingConfig?.RoutingStrategy ?? DEFAULT_ROUTING_STRATEGY,
        copies: components.copies(record.name),
      };
    });
}
