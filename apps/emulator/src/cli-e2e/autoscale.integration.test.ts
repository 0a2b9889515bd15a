// mme create-endpoint (Triton image by region, instance count, volume size, autoscaling in one step),
// mme autoscale and mme status against moto's server, which serves SageMaker and Application Auto Scaling,
// and against the emulator.

import { type MotoServer, runMme, startMotoServer } from "@mme/cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalEmulator } from "../test-support/local-emulator.js";
import { endpointStatus } from "../test-support/status-route.js";

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

function envFor(endpointName: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    MME_REGION: "eu-west-1",
    MME_ENDPOINT_URL: moto.url,
    MME_ENDPOINT_NAME: endpointName,
    MME_ROLE: "arn:aws:iam::123456789012:role/mme-test",
    MME_MODEL_DATA_URL: "s3://mme-test-models/models/",
    MME_INSTANCE_TYPE: "ml.m5.large",
  };
}

describe("autoscaling and sizing flags against moto", () => {
  it("create-endpoint defaults to the region's Triton image and sets count, volume and autoscaling", async () => {
    const env = envFor("scaled");
    const created = await runMme(
      [
        "create-endpoint",
        "--json",
        "--poll-interval",
        "0.1",
        "--instance-count",
        "2",
        "--volume-size",
        "64",
        "--triton-version",
        "24.05",
        "--autoscale",
        "2-4",
        "--target-invocations",
        "300",
        "--scale-in-cooldown",
        "600",
      ],
      { env },
    );
    expect(created.stderr).toContain("autoscaling endpoint/scaled/variant/AllTraffic: 2-4");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({
      imageUri: "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.05-py3",
      instanceCount: 2,
      volumeSizeGb: 64,
      status: "InService",
      autoscaling: { minCapacity: 2, maxCapacity: 4, targetInvocations: 300, scaleInCooldown: 600 },
    });

    const status = await runMme(["status", "--json"], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      model: { image: "763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-tritonserver:24.05-py3" },
      variants: [
        {
          variantName: "AllTraffic",
          instanceCount: 2,
          autoscaling: {
            resourceId: "endpoint/scaled/variant/AllTraffic",
            minCapacity: 2,
            maxCapacity: 4,
            policy: { targetInvocations: 300, scaleInCooldown: 600 },
          },
        },
      ],
    });
    const human = await runMme(["status"], { env });
    expect(human.stdout).toMatch(/autoscaling\s+2-4 instances, target 300 invocations\/instance\/min/);

    const changed = await runMme(
      ["autoscale", "--min", "1", "--max", "3", "--target-invocations", "50", "--json"],
      {
        env,
      },
    );
    expect(changed.code).toBe(0);
    const after = JSON.parse((await runMme(["status", "--json"], { env })).stdout);
    expect(after.variants[0].autoscaling).toMatchObject({
      minCapacity: 1,
      maxCapacity: 3,
      policy: { targetInvocations: 50 },
    });

    const off = await runMme(["autoscale", "--off", "--json"], { env });
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ removed: true });
    const plain = JSON.parse((await runMme(["status", "--json"], { env })).stdout);
    expect(plain.variants[0].autoscaling).toBeUndefined();
    expect((await runMme(["autoscale", "--off"], { env })).stderr).toContain("had no autoscaling");
    await runMme(["delete-endpoint"], { env });
  });

  it("refuses bad autoscaling input with one line, before touching AWS", async () => {
    const env = envFor("bad");
    const inverted = await runMme(["autoscale", "--min", "3", "--max", "2", "--target-invocations", "5"], {
      env,
    });
    expect(inverted.code).not.toBe(0);
    expect(inverted.stderr).toBe("UsageError: --min (3) must not exceed --max (2)\n");
    const noTarget = await runMme(["create-endpoint", "--autoscale", "1-2"], { env });
    expect(noTarget.stderr).toMatch(/--target-invocations must be a positive number/);
    const badRange = await runMme(["create-endpoint", "--autoscale", "four"], { env });
    expect(badRange.stderr).toMatch(/--autoscale must be MIN-MAX instance counts/);
    const noRegionImage = await runMme(["create-endpoint", "--no-wait"], {
      env: { ...env, MME_REGION: "mars-1" },
    });
    expect(noRegionImage.stderr).toMatch(/no SageMaker Triton image is published for region "mars-1"/);
  });
});

describe("sizing and autoscaling against the emulator", () => {
  it("create-endpoint --instance-count --autoscale gives a variant of that many instances with its scaling policy", async () => {
    const local = await startLocalEmulator();
    try {
      const env = local.env({ MME_ENDPOINT_NAME: "fleet" });
      const created = await runMme(
        [
          "create-endpoint",
          "--json",
          "--poll-interval",
          "0.1",
          "--instance-count",
          "2",
          "--autoscale",
          "2-4",
          "--target-invocations",
          "100",
        ],
        { env },
      );
      expect(created.stderr).toContain("autoscaling endpoint/fleet/variant/AllTraffic: 2-4");
      expect(created.code).toBe(0);
      const status = JSON.parse((await runMme(["status", "--json"], { env })).stdout);
      expect(status.variants[0]).toMatchObject({
        currentInstanceCount: 2,
        desiredInstanceCount: 2,
        currentWeight: 1,
        autoscaling: { minCapacity: 2, maxCapacity: 4, policy: { targetInvocations: 100 } },
      });
      const endpoint = await endpointStatus(local.emulator.url, "fleet");
      expect(endpoint.variants?.[0]?.instances).toHaveLength(2);
    } finally {
      await local.stop();
    }
  });
});
