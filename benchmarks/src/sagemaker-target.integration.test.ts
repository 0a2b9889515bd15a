// `pnpm bench --target <SageMaker runtime> --endpoint NAME` end to end, without AWS: moto stands in for the
// SageMaker API and S3 (DescribeEndpoint chain, fleet upload), and a verifier built on the SDK's own SigV4
// signer stands in for the runtime, refusing any request whose signature does not check out.
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { type MotoServer, REPO_ROOT, startMotoServer } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BenchReport } from "./report/schema.js";
import { InvocationSigner } from "./stack/sigv4-signer.js";
import { type SigV4Verifier, startSigV4Verifier } from "./test-support/sigv4-verifier.js";

const REGION = "eu-west-3";
const CREDENTIALS = {
  accessKeyId: "AKIDBENCHTEST0000001",
  secretAccessKey: "bench-test-secret-key",
  sessionToken: "bench-test-session-token",
};
const BUCKET = "bench-sm-models";
const PREFIX = "team-a/models/";
const ENDPOINT = "bench-sm";

let moto: MotoServer;
let verifier: SigV4Verifier;
let outDir: string;
let report: BenchReport;
let uploaded: string[] = [];
let stderr = "";

/** `pnpm bench` against the verifier as a SageMaker target, with the chain's credentials from the environment. */
async function benchAgainstVerifier(
  args: string[],
  out: string,
): Promise<{ report: BenchReport; stderr: string }> {
  let stderr = "";
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...["--conditions=source", "--import", "tsx", join(REPO_ROOT, "benchmarks/src/main.ts")],
        ...["--target", verifier.url, "--target-kind", "sagemaker", "--endpoint", ENDPOINT],
        ...["--sagemaker-api-url", moto.url, "--s3-endpoint-url", moto.url, "--region", REGION],
        ...args,
        ...["--out", out],
      ],
      {
        cwd: REPO_ROOT,
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
          AWS_PROFILE: "",
        },
      },
    );
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", resolve);
  });
  const json = (await readdir(out)).find((f) => f.endsWith(".json"));
  if (!json) throw new Error(`bench exited ${code} without a report:\n${stderr.slice(-3000)}`);
  return { report: BenchReport.parse(JSON.parse(await readFile(join(out, json), "utf8"))), stderr };
}

beforeAll(async () => {
  moto = await startMotoServer();
  const aws = { region: REGION, endpoint: moto.url, credentials: CREDENTIALS };
  const s3 = new S3Client({ ...aws, forcePathStyle: true });
  const sagemaker = new SageMakerClient(aws);
  await s3.send(
    new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
  await sagemaker.send(
    new CreateModelCommand({
      ModelName: "bench-sm-model",
      ExecutionRoleArn: "arn:aws:iam::123456789012:role/bench",
      PrimaryContainer: {
        Image: "triton:latest",
        Mode: "MultiModel",
        ModelDataUrl: `s3://${BUCKET}/${PREFIX}`,
      },
    }),
  );
  await sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: "bench-sm-config",
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: "bench-sm-model",
          InstanceType: "ml.g4dn.xlarge",
          InitialInstanceCount: 1,
        },
      ],
    }),
  );
  await sagemaker.send(
    new CreateEndpointCommand({ EndpointName: ENDPOINT, EndpointConfigName: "bench-sm-config" }),
  );
  verifier = await startSigV4Verifier({ region: REGION, credentials: CREDENTIALS });
  outDir = await mkdtemp(join(tmpdir(), "mme-bench-sm-"));
  ({ report, stderr } = await benchAgainstVerifier(
    [
      ...[
        "--quick",
        "--duration",
        "1",
        "--scenario",
        "warm",
        "--scenario",
        "churn",
        "--scenario",
        "stampede",
      ],
      "--churn-requests",
      "150",
    ],
    outDir,
  ));
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX, MaxKeys: 1000 }));
  uploaded = (listed.Contents ?? []).map((o) => o.Key ?? "");
  s3.destroy();
  sagemaker.destroy();
}, 180_000);

afterAll(async () => {
  await verifier?.stop();
  await moto?.stop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("pnpm bench against a SageMaker runtime (SigV4 verifier + moto)", () => {
  it("signs every request so that the SDK's signer verifies it, with the chain's credentials and region", () => {
    expect(report.failures, stderr.slice(-2000)).toEqual([]);
    expect(verifier.calls.length).toBeGreaterThan(150);
    expect(verifier.calls.filter((c) => !c.valid)).toEqual([]);
    for (const call of verifier.calls) {
      expect(call.authorization).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/sagemaker/aws4_request, SignedHeaders=[^ ]*x-amz-security-token`,
        ),
      );
      expect(call.path).toBe(`/endpoints/${ENDPOINT}/invocations`);
    }
  });

  it("uploads the fleet under the endpoint's own ModelDataUrl, and invokes exactly those keys", () => {
    const targets = new Set(verifier.calls.map((c) => c.targetModel));
    expect(targets.size).toBeGreaterThan(5);
    for (const target of targets) expect(uploaded).toContain(`${PREFIX}${target}`);
  });

  it("reads the figures SageMaker has no source for as absent", () => {
    const churn = report.results.find((r) => r.scenario === "churn");
    if (churn?.scenario !== "churn") throw new Error("no churn result");
    expect(churn.errors).toBe(0);
    expect(churn.hitRatio).toBeNull();
    expect(churn.evictions).toBeNull();
    expect(churn.idealLruHitRatio).toBeGreaterThan(0);
    const stampede = report.results.find((r) => r.scenario === "stampede");
    if (stampede?.scenario !== "stampede") throw new Error("no stampede result");
    expect(stampede).toMatchObject({ downloads: null, extractions: null, loads: null, errors: 0 });
    const warm = report.results.find((r) => r.scenario === "warm");
    if (warm?.scenario !== "warm") throw new Error("no warm result");
    expect(warm.runs.every((run) => run.direct === null && run.emulator.non2xx === 0)).toBe(true);
    expect(report.config.target).toBe(verifier.url);
  });

  it("refuses a request signed with another secret (the verifier really checks)", async () => {
    const url = new URL(`${verifier.url}/endpoints/${ENDPOINT}/invocations`);
    const body = new TextEncoder().encode("{}");
    for (const [secretAccessKey, status] of [
      ["not-the-secret", 403],
      [CREDENTIALS.secretAccessKey, 200],
    ] as const) {
      const signer = new InvocationSigner(REGION, { ...CREDENTIALS, secretAccessKey });
      const { host: _host, ...headers } = await signer.sign({
        url,
        body,
        headers: { "content-type": "application/json", "x-amzn-sagemaker-target-model": "a.tar.gz" },
      });
      const response = await fetch(url, { method: "POST", headers, body });
      expect(response.status).toBe(status);
      await response.arrayBuffer();
    }
  });

  it("runs open-loop rate steps signed the same way, with the figures SageMaker has no source for absent", async () => {
    const out = await mkdtemp(join(tmpdir(), "mme-bench-sm-open-"));
    const before = verifier.calls.length;
    try {
      const open = await benchAgainstVerifier(
        [
          ...["--quick", "--scenario", "churn", "--traffic", "top-n:2/80", "--rate", "20"],
          // An SLO no rate meets: the search is short, and its cost is on DescribeEndpoint's instances.
          ...["--duration", "1", "--window", "0.5", "--slo", "p99=0.001ms"],
        ],
        out,
      );
      expect(open.report.failures, open.stderr.slice(-2000)).toEqual([]);
      const rates = open.report.results.find((r) => r.scenario === "rates");
      if (rates?.scenario !== "rates") throw new Error("no open-loop result");
      const step = rates.steps.find((s) => s.rate === 20);
      expect(rates.slo).toMatchObject({ rate: null, instanceType: "ml.g4dn.xlarge", instanceCount: 1 });
      expect(rates.slo?.priceSource).toContain("no offline price for ml.g4dn.xlarge");
      expect(step?.errors).toEqual({});
      expect(step?.answered).toBe(step?.sent);
      expect(step).toMatchObject({
        hitRatio: null,
        coldShare: null,
        warmLatencyMs: null,
        coldLatencyMs: null,
        coldWarmSource: null,
      });
      const calls = verifier.calls.slice(before);
      expect(calls.length).toBeGreaterThanOrEqual(step?.sent ?? 1);
      expect(calls.filter((c) => !c.valid)).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
