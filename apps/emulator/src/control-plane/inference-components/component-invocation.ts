// InvokeEndpoint on an endpoint for inference components, until copies serve (the platform's next
// piece): without X-Amzn-SageMaker-Inference-Component, SageMaker Runtime's own ValidationError; with
// it, a missing component or one at 0 copies is refused, and any other says it is not served yet.
import { ValidationError } from "@mme/core";
import type { EndpointRecord } from "../records.js";
import type { InferenceComponents } from "./inference-components.js";
import { isInferenceComponentConfig } from "./inference-components.js";

export const INFERENCE_COMPONENT_HEADER = "x-amzn-sagemaker-inference-component";

/** Throws the runtime's answer for an inference-component endpoint; returns for any other endpoint. */
export function refuseComponentInvocation(
  components: InferenceComponents,
  endpoint: EndpointRecord,
  componentName: string | undefined,
): void {
  if (!isInferenceComponentConfig(endpoint.config)) return;
  if (componentName === undefined) {
    throw new ValidationError(
      "Inference Component Name header is required for endpoints to which you plan to deploy inference components. Please include Inference Component Name header or consider using SageMaker models.",
    );
  }
  const component = components.records.get(componentName);
  if (!component || component.endpointName !== endpoint.name) {
    throw new ValidationError(
      `Inference component ${componentName} was not found in endpoint ${endpoint.name}.`,
    );
  }
  if (component.currentCopyCount === 0) {
    components.activity.noCapacity({ ...component, componentName });
    throw new ValidationError(
      `Inference component ${componentName} has no copies to process this request (CurrentCopyCount: 0).`,
    );
  }
  throw new ValidationError(
    `Inference component ${componentName} is not served by the emulator yet: its copies exist on the control plane only.`,
  );
}
