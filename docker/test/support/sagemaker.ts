// What an application does against the emulator: the AWS SDK v3 runtime client, unmodified.

import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { LOCAL_PROFILE } from "@mme/core";
import { parsePrometheusText, sumOf } from "@mme/core/metrics";

export function runtimeClient(endpointUrl: string): SageMakerRuntimeClient {
  return new SageMakerRuntimeClient({
    endpoint: endpointUrl,
    region: LOCAL_PROFILE.region,
    credentials: LOCAL_PROFILE.credentials,
  });
}

/** InvokeEndpoint with a KServe JSON body; returns the decoded JSON answer. */
export async function invokeJson(
  client: SageMakerRuntimeClient,
  targetModel: string,
  body: unknown,
  endpointName: string = LOCAL_PROFILE.endpointName,
): Promise<unknown> {
  const response = await client.send(
    new InvokeEndpointCommand({
      EndpointName: endpointName,
      TargetModel: targetModel,
      ContentType: "application/json",
      Accept: "application/json",
      Body: new TextEncoder().encode(JSON.stringify(body)),
    }),
  );
  return JSON.parse(new TextDecoder().decode(response.Body));
}

/** Sum of a Prometheus sample over the series whose labels include every given label. */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  return sumOf(parsePrometheusText(exposition), name, labels);
}

export async function fetchMetrics(emulatorUrl: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
  return response.text();
}

export interface EndpointStatus {
  endpointName: string;
  loadedModels?: string[];
  diskEntries?: string[];
}

/** The emulator's own JSON view of an endpoint's cache (GET /mme/status; not an AWS API). */
export async function endpointStatus(
  emulatorUrl: string,
  endpointName: string = LOCAL_PROFILE.endpointName,
): Promise<EndpointStatus> {
  const response = await fetch(`${emulatorUrl}/mme/status`);
  const { endpoints } = (await response.json()) as { endpoints: EndpointStatus[] };
  const found = endpoints.find((e) => e.endpointName === endpointName);
  if (!found) throw new Error(`endpoint ${endpointName} not in /mme/status`);
  return found;
}
