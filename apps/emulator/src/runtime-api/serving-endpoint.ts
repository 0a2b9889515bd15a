// Finds the InService endpoint a runtime request names, with SageMaker Runtime's error wording.
import { ValidationError } from "@mme/core";
import type { ControlPlane } from "../control-plane/control-plane.js";
import type { EndpointBackend, EndpointSpec } from "../endpoints/endpoint-backend.js";
import { checkEndpointName } from "../wire/validation.js";

export interface ServingEndpoint {
  spec: EndpointSpec;
  backend: EndpointBackend;
}

export function servingEndpoint(plane: ControlPlane, name: string): ServingEndpoint {
  checkEndpointName(name);
  const record = plane.endpoints.get(name);
  if (!record) throw new ValidationError(`Endpoint ${name} of account ${plane.scope.accountId} not found.`);
  if (record.status !== "InService" || !record.spec || !record.backend) {
    throw new ValidationError(
      `Endpoint ${name} of account ${plane.scope.accountId} is not in service (status: ${record.status}).`,
    );
  }
  return { spec: record.spec, backend: record.backend };
}
