// `mme doctor --local` against the emulator as `pnpm start` runs it (embedded S3, the ready
// sagemaker-poc endpoint, the seeded add_sub and small_image tarballs), in-process on free ports.

import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { runMme } from "@mme/cli/test-support";
import { LOCAL_PROFILE } from "@mme/core";
import { freePort } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, startLocalEmulator } from "../test-support/local-emulator.js";

let local: LocalEmulator;
beforeAll(async () => {
  local = await startLocalEmulator();
});
afterAll(async () => {
  await local?.stop();
});

interface Check {
  id: string;
  status: string;
  summary: string;
}

describe("mme doctor --local", () => {
  it("passes on pnpm start's stack", async () => {
    const run = await local.mme(["doctor", "--json"]);
    const report = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(run.code).toBe(0);
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      settings: "pass",
      credentials: "skip",
      region: "pass",
      endpoint: "pass",
      role: "skip",
      "bucket-region": "pass",
      tarballs: "pass",
      "memory-fit": "pass",
      "cold-load-retries": "pass",
    });
    const tarballs = report.checks.find((c) => c.id === "tarballs")!;
    expect(tarballs.summary).toMatch(/^2 tarballs under s3:\/\/mme-models\/models\/ are valid Triton models/);
    expect(report.checks.find((c) => c.id === "endpoint")!.summary).toMatch(/^sagemaker-poc is InService/);

    const human = await local.mme(["doctor"]);
    expect(human.code).toBe(0);
    for (const line of human.stdout.trimEnd().split("\n"))
      expect(line).toMatch(/^[✓!-] [a-zA-Z0-9 ]+: .+\.( Fix: .+\.)?$|^ {4}/);
  });

  it("names a broken tarball put under the local prefix", async () => {
    const s3 = new S3Client({
      region: LOCAL_PROFILE.region,
      endpoint: local.emulator.s3Url,
      forcePathStyle: true,
      credentials: LOCAL_PROFILE.credentials,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    const Key = "models/broken_v1.tar.gz";
    try {
      await s3.send(new PutObjectCommand({ Bucket: LOCAL_PROFILE.bucketName, Key, Body: "not a tarball" }));
      const run = await local.mme(["doctor"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^✗ model tarballs: 1 of 3 tarballs is not a valid Triton model: broken_v1\.tar\.gz\. Fix: run mme validate-model/m,
      );
      expect(run.stdout).toMatch(/^ {4}broken_v1\.tar\.gz: cannot read the archive/m);
      expect(run.stderr).toBe("DoctorFoundProblems: 1 check failed: model tarballs\n");
    } finally {
      await s3.send(new DeleteObjectCommand({ Bucket: LOCAL_PROFILE.bucketName, Key }));
      s3.destroy();
    }
  });

  it("says when nothing answers and how to start the emulator, instead of IAM fixes", async () => {
    // No emulator.json in this data folder, and nothing on the port --local falls back to.
    const env = { MME_DATA_DIR: await mkdtemp(join(tmpdir(), "mme-no-emulator-")) };
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runMme(["doctor", "--local", "--endpoint-url", url, "--s3-endpoint-url", url], { env });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe(
      `✗ endpoint: nothing answers at ${url}: NetworkError: cannot reach ${url} for DescribeEndpoint (ECONNREFUSED). Fix: start the emulator with pnpm start (in the repository), then run mme doctor --local again.`,
    );
    expect(run.stderr).toBe("DoctorFoundProblems: 1 check failed: endpoint\n");
  });
});
