import { readFile } from "node:fs/promises";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { packModel } from "@mme/core";
import { freePort, type MotoServer, startMotoServer } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeModel } from "../test-support/model-fixtures.js";
import { MOTO_CREDENTIALS, motoEndpointEnv } from "../test-support/moto-env.js";
import { runMme } from "../test-support/run-mme.js";

// moto's server is the AWS peer: STS, IAM, S3, SageMaker and CloudWatch Logs answer for real there.
// It has no SimulatePrincipalPolicy (it answers 500), so the role's policies are evaluated locally.
const ACCOUNT = "123456789012";
let moto: MotoServer;
let iam: IAMClient;
let logs: CloudWatchLogsClient;
const s3In = (region: string) =>
  new S3Client({ region, endpoint: moto.url, forcePathStyle: true, credentials: MOTO_CREDENTIALS });

beforeAll(async () => {
  moto = await startMotoServer();
  iam = new IAMClient({ region: "us-east-1", endpoint: moto.url, credentials: MOTO_CREDENTIALS });
  logs = new CloudWatchLogsClient({ region: "us-east-1", endpoint: moto.url, credentials: MOTO_CREDENTIALS });
});
afterAll(async () => {
  iam?.destroy();
  logs?.destroy();
  await moto?.stop();
});

const SAGEMAKER_TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

function readModels(bucket: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/models/*` },
      {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringLike: { "s3:prefix": ["models/*"] } },
      },
    ],
  };
}

type TarballKind = "valid" | "garbage" | "bad-config";

interface Setup {
  name: string;
  trust?: object;
  policy?: object | null;
  bucketRegion?: string;
  tarballs?: Record<string, TarballKind>;
}

/** A role, a bucket with tarballs under models/, and the settings that point mme at them. */
async function setUp(setup: Setup): Promise<Record<string, string>> {
  const { name } = setup;
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify(setup.trust ?? SAGEMAKER_TRUST),
    }),
  );
  if (setup.policy !== null) {
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: "models",
        PolicyDocument: JSON.stringify(setup.policy ?? readModels(name)),
      }),
    );
  }
  const region = setup.bucketRegion ?? "us-east-1";
  const s3 = s3In(region);
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: name,
        ...(region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
    for (const [key, kind] of Object.entries<TarballKind>(
      setup.tarballs ?? { "add_sub_v1.tar.gz": "valid" },
    )) {
      await s3.send(new PutObjectCommand({ Bucket: name, Key: `models/${key}`, Body: await tarball(kind) }));
    }
  } finally {
    s3.destroy();
  }
  return motoEndpointEnv(moto, {
    MME_ENDPOINT_NAME: name,
    MME_ROLE: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    MME_MODEL_DATA_URL: `s3://${name}/models/`,
  });
}

async function tarball(kind: TarballKind): Promise<Buffer> {
  if (kind === "garbage") return Buffer.from("this is not a gzipped tar archive");
  const { dir } = await writeModel(
    kind === "bad-config" ? { "config.pbtxt": 'name: "add_sub"\nmax_batch_size: -1\n' } : {},
  );
  const packed = await packModel({ dir });
  try {
    return await readFile(packed.file);
  } finally {
    await packed.cleanup();
  }
}

interface Check {
  id: string;
  status: "pass" | "fail" | "warn" | "skip";
  summary: string;
  fix?: string;
  details?: string[];
  data?: Record<string, unknown>;
}

async function doctor(env: Record<string, string>) {
  const run = await runMme(["doctor", "--json"], { env });
  const report = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
  const byId = (id: string) => report.checks.find((c) => c.id === id)!;
  return { ...run, report, byId };
}

describe("mme doctor against moto", () => {
  it("passes a clean setup, one line per check", async () => {
    const env = await setUp({
      name: "doctor-clean",
      tarballs: {
        "add_sub_v1.tar.gz": "valid",
        "add_sub_v2.tar.gz": "valid",
        "team/add_sub/1.tar.gz": "valid",
      },
    });
    expect((await runMme(["create-endpoint", "--poll-interval", "0.1"], { env })).code).toBe(0);
    const group = "/aws/sagemaker/Endpoints/doctor-clean";
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "AllTraffic/i-1" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "AllTraffic/i-1",
        logEvents: [{ timestamp: Date.now(), message: "I1201 successfully loaded 'add_sub' version 1" }],
      }),
    );

    const { code, report, byId } = await doctor(env);
    expect(report.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      "settings",
      "region",
      "credentials",
      "endpoint",
      "role",
      "role-trust",
      "role-s3",
      "bucket-region",
      "tarballs",
      "memory-fit",
      "cold-load-retries",
      "logs",
    ]);
    expect(byId("credentials").summary).toContain(`account ${ACCOUNT}`);
    expect(byId("endpoint").summary).toBe("doctor-clean is InService on 1 × ml.m5.large");
    expect(byId("role").summary).toContain("the endpoint's model doctor-clean-model");
    expect(byId("role-s3").data).toMatchObject({ method: "local", denied: [] });
    expect(byId("role-s3").summary).toBe(
      "the role may s3:GetObject and s3:ListBucket on s3://doctor-clean/models/; checked by local evaluation of the role's inline and attached policies (1), as SimulatePrincipalPolicy is unavailable (HTTP 500); permission boundaries, SCPs and the bucket policy are not included",
    );
    expect(byId("tarballs").summary).toMatch(
      /^3 tarballs under s3:\/\/doctor-clean\/models\/ are valid Triton models \(\d/,
    );
    const tarballs = byId("tarballs").data!.tarballs as { targetModel: string; unpackedBytes: number }[];
    expect(tarballs.map((t) => t.targetModel).sort()).toEqual([
      "add_sub_v1.tar.gz",
      "add_sub_v2.tar.gz",
      "team/add_sub/1.tar.gz",
    ]);
    for (const t of tarballs) expect(t.unpackedBytes).toBeGreaterThan(500);
    expect(byId("memory-fit").summary).toMatch(
      /^all 3 models fit ml\.m5\.large's 8 GiB of memory at once \(\d+(\.\d)? KiB unpacked in all; instance type from the endpoint\)$/,
    );
    expect(byId("cold-load-retries").summary).toMatch(
      /^a cold load of .+ takes about 1 s \(estimated\), the wait budget is 60 s; every client waits it out/,
    );
    expect(byId("logs").summary).toMatch(
      /^no errors or load failures in \/aws\/sagemaker\/Endpoints\/doctor-clean over the last 60 min \(1 events read\)$/,
    );

    const human = await runMme(["doctor"], { env });
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(line).toMatch(/^✓ [a-zA-Z0-9 ]+: .+\.$/);
    expect(lines[0]).toBe(
      `✓ settings: endpoint doctor-clean, models s3://doctor-clean/models/, against ${moto.url}.`,
    );
  });

  it("names a role SageMaker may not assume", async () => {
    const env = await setUp({
      name: "doctor-trust",
      trust: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
    });
    const { code, byId, stdout, stderr } = await doctor(env);
    expect(code).toBe(1);
    expect(byId("role-trust")).toMatchObject({
      status: "fail",
      summary: `arn:aws:iam::${ACCOUNT}:role/doctor-trust does not let sagemaker.amazonaws.com assume it (no statement allows sts:AssumeRole); SageMaker cannot start the endpoint with it`,
    });
    expect(byId("role-trust").fix).toContain('"Principal":{"Service":"sagemaker.amazonaws.com"}');
    expect(byId("role-s3").status).toBe("pass");
    expect(JSON.parse(stdout).ok).toBe(false);
    expect(stderr).toBe("DoctorFoundProblems: 1 check failed: role trust\n");

    const human = await runMme(["doctor"], { env });
    expect(human.stdout).toContain(
      `✗ role trust: arn:aws:iam::${ACCOUNT}:role/doctor-trust does not let sagemaker.amazonaws.com assume it`,
    );
    expect(human.stdout).toMatch(/^✗ role trust: .*\. Fix: add to the role's trust policy: .*\.$/m);
    expect(human.stdout).toMatch(
      /^! endpoint: endpoint doctor-trust does not exist yet\. Fix: create it with mme create-endpoint/m,
    );
  });

  it("names a role without S3 access, and an explicit deny by its statement", async () => {
    const none = await doctor(await setUp({ name: "doctor-nos3", policy: null }));
    expect(none.code).toBe(1);
    expect(none.byId("role-s3")).toMatchObject({
      status: "fail",
      summary: expect.stringMatching(
        /^the role may not s3:GetObject on s3:\/\/doctor-nos3\/models\/add_sub_v1\.tar\.gz \(no policy allows it\) and 1 more; SageMaker cannot download the models; checked by local evaluation of the role's inline and attached policies \(it has none\), as SimulatePrincipalPolicy is unavailable \(HTTP 500\)/,
      ),
      fix: "allow the role s3:GetObject on arn:aws:s3:::doctor-nos3/models/* and s3:ListBucket on arn:aws:s3:::doctor-nos3",
    });
    expect(none.byId("role-s3").details).toEqual([
      "s3:GetObject on s3://doctor-nos3/models/add_sub_v1.tar.gz: no policy allows it",
      "s3:ListBucket on s3://doctor-nos3 (prefix models/): no policy allows it",
    ]);

    const denied = await doctor(
      await setUp({
        name: "doctor-deny",
        policy: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "s3:*", Resource: "*" },
            {
              Sid: "NoModels",
              Effect: "Deny",
              Action: "s3:GetObject",
              Resource: "arn:aws:s3:::doctor-deny/models/*",
            },
          ],
        },
      }),
    );
    expect(denied.byId("role-s3").details).toEqual([
      "s3:GetObject on s3://doctor-deny/models/add_sub_v1.tar.gz: explicitly denied by inline policy models statement NoModels",
    ]);
  });

  it("names a bucket in another region", async () => {
    const { code, byId } = await doctor(await setUp({ name: "doctor-eu", bucketRegion: "eu-west-1" }));
    expect(code).toBe(1);
    expect(byId("bucket-region")).toMatchObject({
      status: "fail",
      summary:
        "bucket doctor-eu is in eu-west-1, the endpoint in us-east-1: SageMaker loads models only from a bucket in the endpoint's region",
      data: { bucketRegion: "eu-west-1", endpointRegion: "us-east-1" },
    });
  });

  it("names the broken tarballs among good ones, with their problems", async () => {
    const env = await setUp({
      name: "doctor-broken",
      tarballs: {
        "a_v1.tar.gz": "valid",
        "b_v1.tar.gz": "garbage",
        "c_v1.tar.gz": "valid",
        "d_v1.tar.gz": "bad-config",
        "e_v1.tar.gz": "valid",
      },
    });
    const { code, byId } = await doctor(env);
    expect(code).toBe(1);
    const tarballs = byId("tarballs");
    expect(tarballs.status).toBe("fail");
    expect(tarballs.summary).toBe("2 of 5 tarballs are not valid Triton models: b_v1.tar.gz, d_v1.tar.gz");
    expect(tarballs.details).toEqual([
      expect.stringMatching(/^b_v1\.tar\.gz: cannot read the archive/),
      expect.stringMatching(/^d_v1\.tar\.gz: add_sub\/config\.pbtxt:2: .*max_batch_size/),
    ]);
    // The valid ones still count toward the memory check.
    expect(byId("memory-fit").summary).toMatch(
      /^all 3 models fit ml\.m5\.large's 8 GiB of memory at once \(.*; instance type from the instanceType setting\)$/,
    );
  });

  it("reports recent load failures from the endpoint's CloudWatch Logs", async () => {
    const env = await setUp({ name: "doctor-logs" });
    const group = "/aws/sagemaker/Endpoints/doctor-logs";
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "AllTraffic/i-0abc" }));
    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "AllTraffic/i-0abc",
        logEvents: [
          { timestamp: now - 3000, message: "I1201 12:00:00.000 1 server.cc:1] loading add_sub" },
          {
            timestamp: now - 2000,
            message:
              "E1201 12:00:01.000 1 model_lifecycle.cc:654] failed to load 'add_sub' version 1: Internal: out of memory",
          },
          { timestamp: now - 1000, message: "I1201 12:00:02.000 1 server.cc:2] ready" },
        ],
      }),
    );
    const { code, byId } = await doctor(env);
    expect(code).toBe(0);
    expect(byId("logs")).toMatchObject({
      status: "warn",
      summary: expect.stringContaining(
        `1 error line in ${group} over the last 60 min; newest: E1201 12:00:01.000 1 model_lifecycle.cc:654] failed to load 'add_sub' version 1`,
      ),
      fix: "read them with mme logs --since 60m",
    });
    expect(byId("logs").details).toEqual([expect.stringContaining("AllTraffic/i-0abc: E1201")]);
  });

  it("fails on unusable settings and unusable credentials, refuses a bad --logs-since", async () => {
    const placeholder = await runMme(["doctor"], {
      env: { MME_ROLE: "arn:aws:iam::ACCOUNT_ID:role/x", MME_REGION: "us-east-1" },
    });
    expect(placeholder.code).toBe(1);
    expect(placeholder.stdout).toMatch(
      /^✗ settings: setting "role" \(from environment MME_ROLE\) still holds the placeholder ACCOUNT_ID/,
    );
    expect(placeholder.stderr).toBe("DoctorFoundProblems: 1 check failed: settings\n");
    const port = await freePort();
    const unreachable = await runMme(["doctor"], {
      env: { ...(await setUp({ name: "doctor-down" })), MME_ENDPOINT_URL: `http://127.0.0.1:${port}` },
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe(
      `✓ settings: endpoint doctor-down, models s3://doctor-down/models/, against http://127.0.0.1:${port}.\n` +
        "✓ region: us-east-1.\n" +
        `✗ credentials: STS GetCallerIdentity failed: NetworkError: cannot reach http://127.0.0.1:${port} for GetCallerIdentity (ECONNREFUSED). Fix: set AWS_PROFILE (or MME_PROFILE), run aws configure, or export fresh AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.\n`,
    );
    const badRegion = await runMme(["doctor", "--region", "useast1"], {
      env: { MME_MODEL_DATA_URL: "s3://mme-models/models/" },
    });
    expect(badRegion.code).toBe(1);
    expect(badRegion.stdout).toMatch(/^✗ region: "useast1" is not an AWS region name\. Fix: set MME_REGION/m);
    const badWindow = await runMme(["doctor", "--logs-since", "0"], { env: {} });
    expect(badWindow).toMatchObject({
      code: 2,
      stderr: 'UsageError: --logs-since must be a positive number of minutes, got "0"\n',
    });
  });
});
