// GET /metrics of a running emulator; read it with @mme/core/metrics (sampleValue, parsePrometheusText).

export async function scrapeMetrics(emulatorUrl: string): Promise<string> {
  const response = await fetch(`${emulatorUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}
