import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "./options.js";

describe("parseOptions", () => {
  it("defaults to every scenario against the embedded stack", () => {
    const options = parseOptions([]);
    expect(options.target).toBeUndefined();
    expect(options.scenarios).toEqual(["cold-start", "warm", "churn", "stampede", "image", "scale"]);
    expect(options.settings.connections).toEqual([1, 10, 50]);
    expect(options.settings.durationS).toBe(10);
  });

  it("narrows a run with --quick, --scenario, --model, --duration and --connections (after a passed-through --)", () => {
    const options = parseOptions([
      "--",
      "--quick",
      "--scenario",
      "warm",
      "--scenario",
      "churn",
      "--model",
      "add_sub",
      "--duration",
      "3",
      "--connections",
      "4,16",
    ]);
    expect(options.settings.quick).toBe(true);
    expect(options.scenarios).toEqual(["warm", "churn"]);
    expect(options.settings.model).toBe("add_sub");
    expect(options.settings.durationS).toBe(3);
    expect(options.settings.connections).toEqual([4, 16]);
  });

  it("describes an already-running target with its S3 for seeding", () => {
    const options = parseOptions([
      "--target",
      "http://10.0.0.5:8080/",
      "--endpoint",
      "gpu-mme",
      "--model-data-url",
      "s3://models/prefix/",
      "--s3-endpoint-url",
      "aws",
      "--direct",
      "http://10.0.0.5:8081",
    ]);
    expect(options.target).toMatchObject({
      url: "http://10.0.0.5:8080",
      endpointName: "gpu-mme",
      churnEndpointName: "gpu-mme",
      modelDataUrl: "s3://models/prefix/",
      s3EndpointUrl: undefined,
      directUrl: "http://10.0.0.5:8081",
    });
  });

  it("recognises a real SageMaker runtime URL: region from the URL, signed, AWS S3, prefix to be described", () => {
    const options = parseOptions([
      "--target",
      "https://runtime.sagemaker.eu-central-1.amazonaws.com",
      "--endpoint",
      "prod-mme",
    ]);
    expect(options.target).toMatchObject({
      kind: "sagemaker",
      region: "eu-central-1",
      sigv4: true,
      s3EndpointUrl: undefined,
      modelDataUrlGiven: false,
      scaleEndpointName: "prod-mme",
    });
    expect(
      parseOptions([
        "--target",
        "https://runtime.sagemaker.eu-central-1.amazonaws.com",
        "--endpoint",
        "e",
        "--region",
        "us-west-2",
      ]).target?.region,
    ).toBe("us-west-2");
    expect(parseOptions(["--target", "http://127.0.0.1:8080"]).target).toMatchObject({
      kind: "emulator",
      sigv4: false,
      region: "us-east-1",
    });
    expect(() => parseOptions(["--target", "https://runtime.sagemaker.us-east-1.amazonaws.com"])).toThrow(
      /--endpoint NAME is required against SageMaker/,
    );
  });

  it("refuses bad input with a one-line UsageError naming the flag", () => {
    expect(() => parseOptions(["--scenario", "nope"])).toThrow(UsageError);
    expect(() => parseOptions(["--scenario", "nope"])).toThrow(/--scenario/);
    expect(() => parseOptions(["--connections", "1,x"])).toThrow(/--connections/);
    expect(() => parseOptions(["--model", "gpt"])).toThrow(/--model/);
    expect(() => parseOptions(["--target", "ftp://x"])).toThrow(/--target/);
    expect(() => parseOptions(["--churn-models", "3", "--churn-capacity", "5"])).toThrow(/must exceed/);
    expect(() => parseOptions(["--bogus"])).toThrow(UsageError);
  });

  it("turns warm and churn into open-loop rate steps with --rate, --arrivals, --traffic and --slo", () => {
    const options = parseOptions([
      ...["--rate", "100,200,400", "--arrivals", "poisson", "--max-in-flight", "64"],
      ...["--traffic", "top-n:11/89", "--slo", "p95=0.25s", "--instance-type", "ml.g5.xlarge"],
      ...["--instance-count", "2", "--window", "1", "--tolerance", "5", "--duration", "12"],
    ]);
    expect(options.settings.openLoop).toEqual({
      rates: [100, 200, 400],
      arrivals: "poisson",
      maxInFlight: 64,
      traffic: { kind: "top-n", n: 11, percent: 89 },
      slo: { percentile: "p95", thresholdMs: 250 },
      instanceType: "ml.g5.xlarge",
      instanceCount: 2,
    });
    expect(options.settings.windows).toEqual({ windowS: 1, limitS: 12, tolerance: 0.05 });
    expect(parseOptions([]).settings.openLoop).toBeNull();
    expect(parseOptions(["--slo", "p99=200ms"]).settings.openLoop?.rates).toEqual([10]);
  });

  it("refuses a bad --slo, --traffic, --instance-type, and --export-artillery without --target, in one line", () => {
    expect(() => parseOptions(["--slo", "p98=200ms"])).toThrow(/--slo: expected pXX=Nms/);
    expect(() => parseOptions(["--traffic", "zipf"])).toThrow(/--traffic: expected zipf:S \| top-n:N\/PCT/);
    expect(() => parseOptions(["--instance-type", "ml.x9.huge"])).toThrow(
      /--instance-type: no price for it; one of/,
    );
    expect(() => parseOptions(["--export-artillery", "load.yml"])).toThrow(UsageError);
    expect(() => parseOptions(["--export-artillery", "load.yml"])).toThrow(/needs --target URL/);
  });
});
