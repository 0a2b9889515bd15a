// The per-instance gauges of /aws/sagemaker/Endpoints, sampled every few seconds and after each
// load/unload: LoadedModelCount, MemoryUtilization (memory tier used / limit), DiskUtilization (disk
// tier used / limit) and CPUUtilization (the emulator process's CPU time over wall time; one emulated
// instance per endpoint, all in this process, so every endpoint reports the same figure).
import { cpuUsage } from "node:process";
import { ENDPOINTS_NAMESPACE, endpointDimensions } from "./cloudwatch-names.js";
import type { MetricStore } from "./metric-store.js";

export interface EndpointGauges {
  endpointName: string;
  variantName: string;
  loadedCount: number;
  memory: { used: number; limit: number };
  disk: { used: number; limit: number };
}

export class GaugeSampler {
  #timer: NodeJS.Timeout | undefined;
  #lastCpu = cpuUsage();
  #lastWall = performance.now();
  #cpuPercent = 0;

  constructor(
    private readonly store: MetricStore,
    private readonly read: () => Promise<EndpointGauges[]>,
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.sample(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async sample(): Promise<void> {
    this.#updateCpu();
    let gauges: EndpointGauges[];
    try {
      gauges = await this.read();
    } catch {
      return; // an endpoint closing mid-read: the next sample sees the settled state
    }
    for (const g of gauges) {
      const dims = endpointDimensions(g.endpointName, g.variantName);
      const put = (name: string, unit: "None" | "Percent", value: number) =>
        this.store.put(ENDPOINTS_NAMESPACE, name, dims, unit, value);
      put("LoadedModelCount", "None", g.loadedCount);
      put("MemoryUtilization", "Percent", percent(g.memory.used, g.memory.limit));
      put("DiskUtilization", "Percent", percent(g.disk.used, g.disk.limit));
      put("CPUUtilization", "Percent", this.#cpuPercent);
    }
  }

  #updateCpu(): void {
    const wall = performance.now();
    const elapsedMicros = (wall - this.#lastWall) * 1000;
    if (elapsedMicros < 500_000) return; // too short a window to mean anything: keep the last figure
    const used = cpuUsage(this.#lastCpu);
    this.#cpuPercent = Math.round(((used.user + used.system) / elapsedMicros) * 1000) / 10;
    this.#lastCpu = cpuUsage();
    this.#lastWall = wall;
  }
}

function percent(used: number, limit: number): number {
  return limit > 0 ? Math.round((used / limit) * 10_000) / 100 : 0;
}
