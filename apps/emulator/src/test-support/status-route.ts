// GET /mme/status for one endpoint, typed as the emulator serves it.
import type { EndpointStatusView } from "../status/endpoint-status.js";

export async function endpointStatus(emulatorUrl: string, endpointName: string): Promise<EndpointStatusView> {
  const response = await fetch(`${emulatorUrl}/mme/status`);
  if (!response.ok) throw new Error(`GET /mme/status answered ${response.status}`);
  const { endpoints } = (await response.json()) as { endpoints: EndpointStatusView[] };
  const found = endpoints.find((e) => e.endpointName === endpointName);
  if (!found) throw new Error(`/mme/status has no endpoint ${endpointName}`);
  return found;
}
