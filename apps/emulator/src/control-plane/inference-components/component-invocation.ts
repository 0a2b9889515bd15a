// InvokeEndpoint on an endpoint for inference components: which component's copies answer, or SageMaker
// Runtime's refusal: without X-Amzn-SageMaker-Inference-Component its own ValidationError; a TargetModel
// (the endpoint is no multi-model endpoint), a component not on the endpoint, and one with no copy in
// service are refused too (the last one is a NoCapacityInvocationFailure).
import { ValidationError } from "@mme/core";
import type { ComponentActivity, ComponentRef } from "../../metrics/component-activity.js";
import type { EndpointRecord } from "../records.js";
import type { InferenceComponents } from "./inference-components.js";
import { isInferenceComponentConfig } from "./inference-components.js";
import type { ServedComponent, ServedComponents } from "./served-components.js";

export const INFERENCE_COMPONENT_HEADER = "x-amzn-sagemaker-inference-component";

/** Where components are looked up: the control plane. */
export interface ComponentLookup {
  readonly inferenceComponents: InferenceComponents;
  readonly servedComponents: ServedComponents;
}

/** The component to invoke on an inference-component endpoint; undefined for any other endpoint. */
export function componentToInvoke(
  lookup: ComponentLookup,
  activity: ComponentActivity,
  endpoint: EndpointRecord,
  componentName: string | undefined,
  targetModel: string | undefined,
): ServedComponent | undefined {
  if (!isInferenceComponentConfig(endpoint.config)) return undefined;
  if (componentName === undefined) {
    throw new ValidationError(
      "Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.",
    );
  }
  if (targetModel !== undefined) {
    throw new ValidationError(
      `Endpoint ${endpoint.name} is not a multi-model endpoint and does not support target model header.`,
    );
  }
  const component = lookup.inferenceComponents.records.get(componentName);
  if (!component || component.endpointName !== endpoint.name) {
    throw new ValidationError(
      `Inference component ${componentName} was not found in endpoint ${endpoint.name}.`,
    );
  }
  const served = lookup.servedComponents.served(componentName);
  if (served === undefined || served.copies.copyCount === 0) {
    throw noCopies(activity, {
      endpointName: endpoint.name,
      variantName: component.variantName,
      componentName,
    });
  }
  return served;
}

/** A request that found no copy to serve it: counted as NoCapacityInvocationFailures, refused. */
export function noCopies(activity: ComponentActivity, ref: ComponentRef): ValidationError {
  activity.noCapacity(ref);
  return new ValidationError(
    `Inference component ${ref.componentName} has no copies to process this request (CurrentCopyCount: 0).`,
  );
}
