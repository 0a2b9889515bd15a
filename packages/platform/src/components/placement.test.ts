import { describe, expect, it } from "vitest";
import { instanceResources, instancesNeeded, placeCopies, type Resources } from "./placement.js";

const copyNeed = (r?: {
  NumberOfCpuCoresRequired?: number;
  MinMemoryRequiredInMb?: number;
  NumberOfAcceleratorDevicesRequired?: number;
}): Resources => ({
  cpus: r?.NumberOfCpuCoresRequired ?? 0,
  memoryMb: r?.MinMemoryRequiredInMb ?? 0,
  accelerators: r?.NumberOfAcceleratorDevicesRequired ?? 0,
});

const m5xlarge = instanceResources("ml.m5.xlarge")!;
const g5xlarge = instanceResources("ml.g5.xlarge")!;

describe("placing inference-component copies on a variant's instances", () => {
  it("reads the instance table: cores, memory in MB, accelerators", () => {
    expect(m5xlarge).toEqual({ cpus: 4, memoryMb: 16384, accelerators: 0 });
    expect(g5xlarge).toEqual({ cpus: 4, memoryMb: 16384, accelerators: 1 });
    expect(instanceResources("ml.unknown.xlarge")).toBeUndefined();
  });

  it("fits copies up to the instances' cores, and not one more", () => {
    const need = copyNeed({ NumberOfCpuCoresRequired: 1, MinMemoryRequiredInMb: 1024 });
    expect(placeCopies(m5xlarge, 2, [{ componentName: "a", copies: 8, need }])).toBe(true);
    expect(placeCopies(m5xlarge, 2, [{ componentName: "a", copies: 9, need }])).toBe(false);
  });

  it("keeps each copy on one instance: two 10 GB copies need two 16 GiB instances", () => {
    const need = copyNeed({ MinMemoryRequiredInMb: 10_240 });
    expect(placeCopies(m5xlarge, 1, [{ componentName: "a", copies: 2, need }])).toBe(false);
    expect(placeCopies(m5xlarge, 2, [{ componentName: "a", copies: 2, need }])).toBe(true);
  });

  it("counts accelerators, and the other components' copies", () => {
    const gpu = copyNeed({ NumberOfAcceleratorDevicesRequired: 1, MinMemoryRequiredInMb: 1024 });
    const cpu = copyNeed({ NumberOfCpuCoresRequired: 3, MinMemoryRequiredInMb: 1024 });
    expect(placeCopies(g5xlarge, 1, [{ componentName: "a", copies: 2, need: gpu }])).toBe(false);
    expect(
      placeCopies(g5xlarge, 2, [
        { componentName: "a", copies: 2, need: gpu },
        { componentName: "b", copies: 2, need: cpu },
      ]),
    ).toBe(true);
    expect(
      placeCopies(g5xlarge, 2, [
        { componentName: "a", copies: 2, need: gpu },
        { componentName: "b", copies: 3, need: cpu },
      ]),
    ).toBe(false);
  });

  it("places zero copies anywhere, even on no instances", () => {
    expect(placeCopies(m5xlarge, 0, [{ componentName: "a", copies: 0, need: copyNeed(undefined) }])).toBe(
      true,
    );
  });

  it("finds the fewest instances that hold the copies, zero for none, undefined past the maximum", () => {
    const need = copyNeed({ MinMemoryRequiredInMb: 10_240 });
    expect(instancesNeeded(m5xlarge, 4, [{ componentName: "a", copies: 0, need }])).toBe(0);
    expect(instancesNeeded(m5xlarge, 4, [{ componentName: "a", copies: 3, need }])).toBe(3);
    expect(instancesNeeded(m5xlarge, 2, [{ componentName: "a", copies: 3, need }])).toBeUndefined();
  });
});
