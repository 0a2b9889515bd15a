import { describe, expect, it } from "vitest";
import { tritonImageUri } from "./triton-images.js";

describe("tritonImageUri", () => {
  it("builds the region's SageMaker Triton image without a lookup", () => {
    expect(tritonImageUri("us-east-1")).toBe(
      "763104351884.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
    );
    expect(tritonImageUri("af-south-1", "24.05")).toBe(
      "626614931356.dkr.ecr.af-south-1.amazonaws.com/sagemaker-tritonserver:24.05-py3",
    );
    expect(tritonImageUri("cn-north-1")).toBe(
      "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-tritonserver:24.09-py3",
    );
  });

  it("names what is unknown", () => {
    expect(() => tritonImageUri("mars-1")).toThrow(
      /no SageMaker Triton image is published for region "mars-1"/,
    );
    expect(() => tritonImageUri("us-east-1", "19.01")).toThrow(
      /unknown Triton version "19.01"; known: 24.09/,
    );
  });
});
