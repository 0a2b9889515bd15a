// Samples /aws/sagemaker/InferenceComponents' per-copy utilization every few seconds. Every copy runs
// in this one process, so the figures are the process's own, normalized by what each copy reserves:
// CPUUtilizationNormalized = process CPU (100 % = one core) / the copy's NumberOfCpuCoresRequired;
// MemoryUtilizationNormalized = the process's RSS shared evenly over all copies / the copy's
// MinMemoryRequiredInMb. Both capped at 100.
import { cpuUsage, memoryUsage } from "node:process";
import type { ComponentMetrics } from "./component-metrics.js";

export interface ComponentCopies {
  componentName: string;
  copyCount: number;
  cpuCores?: number | undefined;
  memoryMb?: number | undefined;
}

export class ComponentGauges {
  #timer: NodeJS.Timeout | undefined;
  #lastCpu = cpuUsage();
  #lastWall = performance.now();

  constructor(
    private readonly metrics: ComponentMetrics,
    private readonly read: () => ComponentCopies[],
    private readonly intervalMs = 10_000,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => this.sample(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  sample(): void {
    const wall = performance.now();
    const used = cpuUsage(this.#lastCpu);
    const elapsedMicros = Math.max(1, (wall - this.#lastWall) * 1000);
    this.#lastCpu = cpuUsage();
    this.#lastWall = wall;
    const processCpu = ((used.user + used.system) / elapsedMicros) * 100;
    const components = this.read().filter((c) => c.copyCount > 0);
    const copies = components.reduce((sum, c) => sum + c.copyCount, 0);
    const rssMb = memoryUsage.rss() / 2 ** 20;
    for (const c of components) {
      const cpu = c.cpuCores ? processCpu / c.cpuCores : 0;
      const memory = c.memoryMb ? (rssMb / copies / c.memoryMb) * 100 : 0;
      this.metrics.sampleUtilization(c.componentName, capped(cpu), capped(memory));
    }
  }
}

function capped(percent: number): number {
  return Math.round(Math.min(100, Math.max(0, percent)) * 100) / 100;
}
