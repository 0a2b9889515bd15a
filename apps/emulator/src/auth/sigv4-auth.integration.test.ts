// --auth sigv4, with real clients: the AWS SDK v3, boto3 and the AWS CLI with a key of --auth-keys get
// through; a wrong secret, an unknown key, a stale clock or no signature get AWS's errors by name, on
// the SageMaker API and on the embedded S3 (S3's XML errors). A key's policy allowing company_a/* lets
// company_a/m.tar.gz through and refuses company_b/m.tar.gz with AccessDeniedException.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { ListEndpointsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel, createS3Client } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { awsCliInvokeFile, boto3InvokeFile } from "../test-support/aws-python-clients.js";
import { startEmulatorProcess } from "../test-support/emulator-process.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const ADMIN = { accessKeyId: "AKIAMMEADMIN0001", secretAccessKey: "admin-secret-0001" };
const COMPANY_A = { accessKeyId: "AKIAMMECOMPANYA01", secretAccessKey: "company-a-secret" };
const AUDITOR = { accessKeyId: "AKIAMMEAUDITOR01", secretAccessKey: "auditor-secret" };
const ACCOUNT = "111122223333";
const MODELS = "s3://mme-models/tenants/";
const BODY = new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST));

const keysFile = {
  keys: [
    { ...ADMIN, principal: `arn:aws:iam::${ACCOUNT}:user/admin` },
    {
      ...COMPANY_A,
      principal: `arn:aws:iam::${ACCOUNT}:user/company-a`,
      // The policy of AWS's MME documentation: only models under company_a/.
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sagemaker:InvokeEndpoint",
            Resource: "arn:aws:sagemaker:*:*:endpoint/tenants",
            Condition: { StringLike: { "sagemaker:TargetModel": ["company_a/*"] } },
          },
        ],
      },
    },
    {
      ...AUDITOR,
      principal: `arn:aws:iam::${ACCOUNT}:user/auditor`,
      // Anything but company_b's models, never a "secret" one, and Describe/List on the control plane.
      policy: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "sagemaker:InvokeEndpoint",
            Resource: "*",
            Condition: { StringNotLike: { "sagemaker:TargetModel": "company_b/*" } },
          },
          {
            Effect: "Deny",
            Action: "sagemaker:InvokeEndpoint",
            Resource: "*",
            Condition: { StringEquals: { "sagemaker:TargetModel": "company_a/secret.tar.gz" } },
          },
          { Effect: "Allow", Action: ["sagemaker:Describe*", "sagemaker:List*"], Resource: "*" },
        ],
      },
    },
  ],
};

let emulator: TestEmulator;
let workDir: string;
let keysPath: string;
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-auth-"));
  keysPath = join(workDir, "keys.json");
  await writeFile(keysPath, JSON.stringify(keysFile));
  emulator = await startTestEmulator({ auth: "sigv4", authKeysFile: keysPath });
  const s3 = s3Client(ADMIN);
  const model = await writeAddSubOnnx(join(workDir, "models"));
  for (const key of ["company_a/m.tar.gz", "company_b/m.tar.gz"]) {
    await addModel(s3, { dir: model, tarballName: key, modelDataUrl: MODELS });
  }
  await emulator.declareMultiModelEndpoint("tenants", MODELS);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await emulator?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function runtime(credentials: typeof ADMIN, systemClockOffset = 0): SageMakerRuntimeClient {
  const client = new SageMakerRuntimeClient({
    endpoint: emulator.url,
    region: "us-east-1",
    credentials,
    maxAttempts: 1,
    systemClockOffset,
  });
  clients.push(client);
  return client;
}

function s3Client(credentials: typeof ADMIN) {
  const client = createS3Client({ endpoint: emulator.s3Url, region: "us-east-1", credentials });
  clients.push(client);
  return client;
}

function invoke(client: SageMakerRuntimeClient, target = "company_a/m.tar.gz") {
  return client.send(
    new InvokeEndpointCommand({
      EndpointName: "tenants",
      TargetModel: target,
      ContentType: "application/json",
      Body: BODY,
    }),
  );
}

interface AwsFailure {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

async function failure(call: Promise<unknown>): Promise<AwsFailure> {
  return call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: AwsFailure) => error,
  );
}

describe("SageMaker API", () => {
  it("the SDK v3 with a listed key gets through, on the runtime and the control plane", async () => {
    const answer = await invoke(runtime(ADMIN));
    expect(JSON.parse(new TextDecoder().decode(answer.Body)).outputs[0].data).toEqual([11, 22, 33, 44]);
    const control = new SageMakerClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: ADMIN,
      maxAttempts: 1,
    });
    clients.push(control);
    const { Endpoints } = await control.send(new ListEndpointsCommand({}));
    expect(Endpoints?.map((e) => e.EndpointName)).toEqual(["tenants"]);
  });

  it("a wrong secret is InvalidSignatureException 403", async () => {
    const error = await failure(invoke(runtime({ ...ADMIN, secretAccessKey: "wrong" })));
    expect(error).toMatchObject({ name: "InvalidSignatureException", $metadata: { httpStatusCode: 403 } });
    expect(error.message).toMatch(
      /^The request signature we calculated does not match the signature you provided/,
    );
  });

  it("an unknown key is UnrecognizedClientException 403", async () => {
    const error = await failure(invoke(runtime({ accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" })));
    expect(error).toMatchObject({
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("a clock 20 minutes slow (systemClockOffset) is InvalidSignatureException: Signature expired", async () => {
    const error = await failure(invoke(runtime(ADMIN, -20 * 60 * 1000)));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it("a clock 20 minutes fast is InvalidSignatureException: Signature not yet current", async () => {
    const error = await failure(invoke(runtime(ADMIN, 20 * 60 * 1000)));
    expect(error.name).toBe("InvalidSignatureException");
    expect(error.message).toMatch(/^Signature not yet current: /);
  });

  it("no signature is MissingAuthenticationTokenException 403; a malformed one IncompleteSignatureException 400", async () => {
    const url = `${emulator.url}/endpoints/tenants/invocations`;
    const unsigned = await fetch(url, {
      method: "POST",
      body: BODY,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await unsigned.json()).toEqual({ message: "Missing Authentication Token" });

    const malformed = await fetch(url, {
      method: "POST",
      body: BODY,
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("x-amzn-errortype")).toBe("IncompleteSignatureException");
    expect(((await malformed.json()) as { message: string }).message).toMatch(
      /^Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\./,
    );
  });

  it("the control plane answers awsJson1_1 errors by name", async () => {
    const control = new SageMakerClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { ...ADMIN, secretAccessKey: "wrong" },
      maxAttempts: 1,
    });
    clients.push(control);
    const error = await failure(control.send(new ListEndpointsCommand({})));
    expect(error).toMatchObject({ name: "InvalidSignatureException", $metadata: { httpStatusCode: 403 } });
  });

  it("boto3 and the AWS CLI with a listed key get through; with a wrong secret, InvalidSignatureException", async () => {
    const bodyFile = join(workDir, "request.json");
    await writeFile(bodyFile, BODY);
    const call = {
      url: emulator.url,
      endpointName: "tenants",
      targetModel: "company_a/m.tar.gz",
      contentType: "application/json",
      bodyFile,
      credentials: ADMIN,
    };
    for (const client of [boto3InvokeFile, awsCliInvokeFile]) {
      const outFile = join(workDir, `${client.name}.out`);
      await client({ ...call, outFile });
      expect(JSON.parse(await readFile(outFile, "utf8")).outputs[0].data).toEqual([11, 22, 33, 44]);
      const refused = await client({
        ...call,
        outFile,
        credentials: { ...ADMIN, secretAccessKey: "wrong" },
      }).then(
        () => "succeeded",
        (error: { stderr?: string }) => error.stderr ?? "",
      );
      expect(refused).toMatch(
        /An error occurred \(InvalidSignatureException\) when calling the InvokeEndpoint operation/,
      );
    }
  });
});

describe("TargetModel authorization", () => {
  it("a policy allowing company_a/* lets company_a/m.tar.gz through and refuses company_b/m.tar.gz", async () => {
    const client = runtime(COMPANY_A);
    expect((await invoke(client, "company_a/m.tar.gz")).$metadata.httpStatusCode).toBe(200);
    const error = await failure(invoke(client, "company_b/m.tar.gz"));
    expect(error).toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
      message: `User: arn:aws:iam::${ACCOUNT}:user/company-a is not authorized to perform: sagemaker:InvokeEndpoint on resource: arn:aws:sagemaker:us-east-1:000000000000:endpoint/tenants because no identity-based policy allows the sagemaker:InvokeEndpoint action`,
    });
  });

  it("explicit deny wins over an allow; StringNotLike and StringEquals conditions apply", async () => {
    const client = runtime(AUDITOR);
    expect((await invoke(client, "company_a/m.tar.gz")).$metadata.httpStatusCode).toBe(200);
    expect((await failure(invoke(client, "company_b/m.tar.gz"))).name).toBe("AccessDeniedException");
    const denied = await failure(invoke(client, "company_a/secret.tar.gz"));
    expect(denied.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: sagemaker:InvokeEndpoint on resource: arn:aws:sagemaker:us-east-1:000000000000:endpoint/tenants with an explicit deny in an identity-based policy`,
    );
  });

  it("the policy also governs the control plane: List allowed for one key, refused for another", async () => {
    const control = (credentials: typeof ADMIN) => {
      const client = new SageMakerClient({
        endpoint: emulator.url,
        region: "us-east-1",
        credentials,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    };
    expect((await control(AUDITOR).send(new ListEndpointsCommand({}))).Endpoints).toHaveLength(1);
    const refused = await failure(control(COMPANY_A).send(new ListEndpointsCommand({})));
    expect(refused).toMatchObject({
      name: "AccessDeniedException",
      message: `User: arn:aws:iam::${ACCOUNT}:user/company-a is not authorized to perform: sagemaker:ListEndpoints on resource: * because no identity-based policy allows the sagemaker:ListEndpoints action`,
    });
  });

  it("a key without a policy may invoke any model", async () => {
    expect((await invoke(runtime(ADMIN), "company_b/m.tar.gz")).$metadata.httpStatusCode).toBe(200);
  });
});

describe("embedded S3", () => {
  it("a listed key reads and writes; wrong secret, unknown key and no signature get S3's errors", async () => {
    await s3Client(ADMIN).send(
      new PutObjectCommand({ Bucket: "mme-models", Key: "auth/x.txt", Body: "hello" }),
    );
    const got = await s3Client(ADMIN).send(new GetObjectCommand({ Bucket: "mme-models", Key: "auth/x.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello");

    const get = (credentials: typeof ADMIN) =>
      failure(s3Client(credentials).send(new GetObjectCommand({ Bucket: "mme-models", Key: "auth/x.txt" })));
    expect(await get({ ...ADMIN, secretAccessKey: "wrong" })).toMatchObject({
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
    });
    expect(await get({ accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" })).toMatchObject({
      name: "InvalidAccessKeyId",
      $metadata: { httpStatusCode: 403 },
    });
    const anonymous = await fetch(`${emulator.s3Url}/mme-models/auth/x.txt`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toMatch(/<Code>AccessDenied<\/Code>/);
  });
});

describe("start-up", () => {
  it("says which mode is on, and warns about a non-loopback host without auth", async () => {
    const dataDir = join(workDir, "process");
    const secured = await startEmulatorProcess([
      "--data-dir",
      dataDir,
      "--no-seed",
      "--auth",
      "sigv4",
      "--auth-keys",
      keysPath,
    ]);
    await secured.stop();
    expect(secured.output()).toMatch(/auth: sigv4 \(3 keys\)/);
    const open = await startEmulatorProcess(["--data-dir", dataDir, "--no-seed", "--host", "0.0.0.0"]);
    try {
      expect(open.output()).toMatch(/auth: off/);
      // stderr, printed before the ready line on stdout: the two pipes may arrive in either order.
      await vi.waitFor(() => expect(open.output()).toMatch(/warning: .*0\.0\.0\.0.* without --auth sigv4/));
    } finally {
      await open.stop();
    }
  });
});
