// The clients users call an MME with, against a model whose load outlasts the endpoint's wait budget:
// the first attempt gets ModelNotReadyException (429) while the load goes on (held at a gate until the
// emulator has answered that 429, then let finish), and what happens next is the client's retry policy. boto3 in legacy mode (its default) and the AWS CLI v1 retry a 429, the JS
// SDK v3 (standard mode) and `mme call-model` too; boto3 in standard mode does not, whatever its
// attempts. The README's "Cold loads and client retries" table is this test's outcome.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { InvokeEndpointCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { runMme } from "@mme/cli/test-support";
import { addModel, createS3Client, LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { declareEndpoint } from "../control-plane/declare-endpoint.js";
import { awsEnv } from "../test-support/aws-python-clients.js";
import { type LocalEmulator, startLocalEmulator } from "../test-support/local-emulator.js";
import { ADD_SUB_REQUEST, writePythonModel } from "../test-support/models.js";

const run = promisify(execFile);
const MODELS_URL = "s3://mme-models/cold/";
const ENDPOINT = "cold";
/** Each attempt waits 1.5 s; a model's load ends only when the test opens its gate. */
const WAIT_BUDGET_MS = "1500";
const CLIENTS = ["boto3-legacy", "boto3-standard", "aws-cli-v1", "sdk-v3", "mme"] as const;

let local: LocalEmulator;
let workDir: string;
let bodyFile: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-cold-retries-"));
  local = await startLocalEmulator();
  const s3 = createS3Client({
    endpoint: local.emulator.s3Url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  // One model per client, so that each one meets a cold model, with its own gate.
  for (const client of CLIENTS) {
    const dir = await writePythonModel(workDir, client.replace(/-/g, "_"), {
      initializeUntil: gateFile(client),
    });
    await addModel(s3, { dir, tarballName: `${client}.tar.gz`, modelDataUrl: MODELS_URL });
  }
  s3.destroy();
  await declareEndpoint(local.emulator.plane, {
    EndpointName: ENDPOINT,
    ModelDataUrl: MODELS_URL,
    Mode: "MultiModel",
    ModelCacheSetting: "Enabled",
    VariantName: "AllTraffic",
    Environment: { MME_WAIT_BUDGET_MS: WAIT_BUDGET_MS },
  });
  bodyFile = join(workDir, "request.json");
  await writeFile(bodyFile, JSON.stringify(ADD_SUB_REQUEST));
}, 120_000);

afterAll(async () => {
  await local?.stop();
  await rm(workDir, { recursive: true, force: true });
});

function gateFile(client: string): string {
  return join(workDir, `${client}.open`);
}

/** ModelNotReadyException answers so far for a TargetModel (the emulator's per-model 4XX counter). */
async function notReadyAnswers(targetModel: string): Promise<number> {
  const text = await (await fetch(`${local.emulator.url}/metrics?name=mme_model_Invocation4XXErrors`)).text();
  const line = text.split("\n").find((l) => l.includes(`TargetModel="${targetModel}"`));
  return line ? Number(line.split(" ").pop()) : 0;
}

/**
 * Starts the client's call, waits until the emulator has answered it ModelNotReadyException once (the load
 * outlasted the budget), then lets the load finish: what the client does next is its retry policy.
 */
async function coldCall<T>(client: (typeof CLIENTS)[number], call: () => Promise<T>): Promise<T> {
  const result = call();
  await vi.waitFor(async () => expect(await notReadyAnswers(`${client}.tar.gz`)).toBeGreaterThan(0), {
    timeout: 30_000,
    interval: 50,
  });
  await writeFile(gateFile(client), "open");
  return result;
}

/** The environment of a user who set nothing about retries (awsEnv pins one attempt for other tests). */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AWS_MAX_ATTEMPTS: _attempts, AWS_RETRY_MODE: _mode, ...env } = awsEnv();
  return { ...env, ...extra };
}

const BOTO3_INVOKE = `
import json, sys, boto3, botocore.exceptions
url, endpoint, target, body_file = sys.argv[1:5]
client = boto3.client("sagemaker-runtime", endpoint_url=url)
try:
    r = client.invoke_endpoint(EndpointName=endpoint, TargetModel=target, ContentType="application/json",
        Body=open(body_file, "rb").read())
    print(json.dumps({"ok": True, "retries": r["ResponseMetadata"]["RetryAttempts"]}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({"ok": False, "error": e.response["Error"]["Code"], "retries": e.response["ResponseMetadata"]["RetryAttempts"]}))
`;

async function boto3(target: string, env: NodeJS.ProcessEnv) {
  const { stdout } = await run(
    "python3",
    ["-c", BOTO3_INVOKE, local.emulator.url, ENDPOINT, target, bodyFile],
    {
      env,
    },
  );
  return JSON.parse(stdout) as { ok: boolean; error?: string; retries: number };
}

describe("a cold load longer than the wait budget", () => {
  it("boto3, legacy retry mode (its default): retries ModelNotReadyException and succeeds", async () => {
    const result = await coldCall("boto3-legacy", () => boto3("boto3-legacy.tar.gz", userEnv()));
    expect(result.ok).toBe(true);
    expect(result.retries).toBeGreaterThan(0);
  }, 60_000);

  it("boto3, standard retry mode (AWS CLI v2's default): surfaces ModelNotReadyException, even with 10 attempts", async () => {
    const result = await coldCall("boto3-standard", () =>
      boto3("boto3-standard.tar.gz", userEnv({ AWS_RETRY_MODE: "standard", AWS_MAX_ATTEMPTS: "10" })),
    );
    expect(result).toEqual({ ok: false, error: "ModelNotReadyException", retries: 0 });
  }, 60_000);

  it("AWS CLI v1 (legacy mode): retries and succeeds", async () => {
    const out = join(workDir, "cli-out.json");
    await coldCall("aws-cli-v1", () =>
      run(
        "aws",
        [
          "sagemaker-runtime",
          "invoke-endpoint",
          "--endpoint-url",
          local.emulator.url,
          "--endpoint-name",
          ENDPOINT,
          "--target-model",
          "aws-cli-v1.tar.gz",
          "--content-type",
          "application/json",
          "--body",
          `fileb://${bodyFile}`,
          out,
        ],
        { env: userEnv() },
      ),
    );
    expect(JSON.parse(await readFile(out, "utf8"))).toHaveProperty("outputs");
  }, 60_000);

  it("AWS SDK for JavaScript v3 (standard mode, 3 attempts): retries the 429 and succeeds", async () => {
    const client = new SageMakerRuntimeClient({
      endpoint: local.emulator.url,
      region: "us-east-1",
      credentials: LOCAL_PROFILE.credentials,
    });
    const response = await coldCall("sdk-v3", () =>
      client.send(
        new InvokeEndpointCommand({
          EndpointName: ENDPOINT,
          TargetModel: "sdk-v3.tar.gz",
          ContentType: "application/json",
          Body: JSON.stringify(ADD_SUB_REQUEST),
        }),
      ),
    );
    client.destroy();
    expect(response.$metadata.attempts).toBeGreaterThan(1);
  }, 60_000);

  it("mme call-model: retries and prints the answer", async () => {
    const result = await coldCall("mme", () =>
      runMme(["call-model", "mme.tar.gz", "--input", bodyFile, "--json"], {
        env: local.env({ MME_ENDPOINT_NAME: ENDPOINT, MME_MODEL_DATA_URL: MODELS_URL }),
      }),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OUTPUT0");
  }, 60_000);
});
