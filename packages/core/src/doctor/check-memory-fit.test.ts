import { describe, expect, it } from "vitest";
import { INSTANCE_SPECS } from "../instances/instance-specs.js";
import { checkMemoryFit } from "./check-memory-fit.js";
import type { TarballScan } from "./scan-tarballs.js";

const GiB = 1024 ** 3;
const model = (targetModel: string, gib: number, problems: TarballScan["problems"] = []): TarballScan => ({
  targetModel,
  uri: `s3://b/models/${targetModel}`,
  bytes: 1,
  unpackedBytes: gib * GiB,
  problems,
});

describe("checkMemoryFit", () => {
  it("names the models larger than one GPU's memory, not the sum of the GPUs", () => {
    // ml.g5.12xlarge: 4 × 24 GiB; Triton puts a copy of a model on every GPU.
    const result = checkMemoryFit("ml.g5.12xlarge", "the endpoint", [
      model("llm_v1.tar.gz", 30),
      model("small_v1.tar.gz", 1),
    ]);
    expect(result.status).toBe("fail");
    expect(result.summary).toBe(
      "1 model cannot fit ml.g5.12xlarge's 24 GiB of NVIDIA A10G memory per GPU (instance type from the endpoint): llm_v1.tar.gz (30 GiB unpacked)",
    );
    expect(result.data).toMatchObject({ tooLarge: ["llm_v1.tar.gz"], largestThatFitAtOnce: 0 });
  });

  it("says how many of the largest fit at once when all fit alone", () => {
    const scans = [model("a", 5), model("b", 3), model("c", 2), model("d", 0.5)];
    const result = checkMemoryFit("ml.m5.large", "the instanceType setting", scans);
    expect(result.status).toBe("warn");
    expect(result.summary).toMatch(
      /^every model fits ml\.m5\.large's 8 GiB of memory alone, but only the 2 largest fit at once \(all 4 need 10\.5 GiB;/,
    );
    expect(result.data).toMatchObject({ largestThatFitAtOnce: 2, tooLarge: [] });
  });

  it("leaves out invalid models and warns about an instance type it does not know", () => {
    expect(
      checkMemoryFit("ml.g5.xlarge", "x", [model("bad", 100, [{ file: "bad", message: "broken" }])]).status,
    ).toBe("skip");
    const unknown = checkMemoryFit("ml.z9.huge", "the endpoint", [model("a", 1)]);
    expect(unknown.status).toBe("warn");
    expect(unknown.summary).toMatch(/^ml\.z9\.huge is not in mme's instance table \(as of \d{4}-\d\d-\d\d\)/);
  });

  it("has the GPU memory AWS publishes for the usual MME instance types", () => {
    expect(INSTANCE_SPECS["ml.g5.xlarge"]).toEqual({
      vcpus: 4,
      memoryGiB: 16,
      gpus: { count: 1, model: "NVIDIA A10G", memoryGiBEach: 24 },
    });
    expect(INSTANCE_SPECS["ml.g4dn.12xlarge"]?.gpus).toEqual({
      count: 4,
      model: "NVIDIA T4",
      memoryGiBEach: 16,
    });
    expect(INSTANCE_SPECS["ml.c5.large"]).toEqual({ vcpus: 2, memoryGiB: 4 });
  });
});
