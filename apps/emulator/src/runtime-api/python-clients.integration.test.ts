// boto3 and the AWS CLI (v1 here: --body is sent as given), unmodified, against the emulator: success and each error by its name.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";
import { type RuntimeFixture, startRuntimeFixture } from "../test-support/runtime-fixture.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  const run = promisify(execFile);
  let fixture: RuntimeFixture;
  let workDir: string;

  const awsEnv = () => ({
    ...process.env,
    AWS_ACCESS_KEY_ID: "anything",
    AWS_SECRET_ACCESS_KEY: "anything",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_MAX_ATTEMPTS: "1",
    AWS_PAGER: "",
  });

  const BOTO3_SCRIPT = `
import json, sys, boto3
url, endpoint, target, body = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
client = boto3.client("sagemaker-runtime", endpoint_url=url)
kwargs = dict(EndpointName=endpoint, ContentType="application/json", Body=body.encode())
if target:
    kwargs["TargetModel"] = target
try:
    response = client.invoke_endpoint(**kwargs)
    print(json.dumps({"ok": True, "variant": response["InvokedProductionVariant"], "body": json.loads(response["Body"].read())}))
except client.exceptions.ClientError as error:
    print(json.dumps({"ok": False, "code": error.response["Error"]["Code"], "class": type(error).__name__,
                      "message": error.response["Error"]["Message"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}))
`;

  async function boto3(endpoint: string, target: string): Promise<Record<string, unknown>> {
    const { stdout } = await run(
      "python3",
      ["-c", BOTO3_SCRIPT, fixture.emulator.url, endpoint, target, JSON.stringify(ADD_SUB_REQUEST)],
      { env: awsEnv() },
    );
    return JSON.parse(stdout);
  }

  async function awsCli(
    target: string,
  ): Promise<{ code: number; stdout: string; stderr: string; outfile: string }> {
    const outfile = join(workDir, `out-${Math.random().toString(36).slice(2)}.json`);
    const args = [
      "sagemaker-runtime",
      "invoke-endpoint",
      "--endpoint-url",
      fixture.emulator.url,
      "--endpoint-name",
      "rt",
      "--content-type",
      "application/json",
      "--body",
      JSON.stringify(ADD_SUB_REQUEST),
      "--target-model",
      target,
      outfile,
    ];
    try {
      const { stdout, stderr } = await run("aws", args, { env: awsEnv() });
      return { code: 0, stdout, stderr, outfile };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr, outfile };
    }
  }

  beforeAll(async () => {
    fixture = await startRuntimeFixture(mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-cli-out-"));
  });
  afterAll(async () => {
    await fixture?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  describe("boto3", () => {
    it("invokes add_sub", async () => {
      const result = await boto3("rt", "add_sub_onnx_v0.tar.gz");
      expect(result).toMatchObject({ ok: true, variant: "AllTraffic" });
      const outputs = (result.body as { outputs: { name: string; data: number[] }[] }).outputs;
      expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
    });

    it("decodes each error by name", async () => {
      expect(await boto3("rt", "nope.tar.gz")).toMatchObject({
        ok: false,
        code: "ValidationError",
        class: "ValidationError",
        status: 400,
      });
      expect(await boto3("rt", "")).toMatchObject({
        ok: false,
        class: "ValidationError",
        message: expect.stringMatching(/^Request .+ is missing a target model header$/),
      });
      expect(await boto3("rt", "raising_v0.tar.gz")).toMatchObject({
        ok: false,
        class: "ModelError",
        status: 424,
      });
      expect(await boto3("rt-short-wait", "slow_v0.tar.gz")).toMatchObject({
        ok: false,
        class: "ModelNotReadyException",
        status: 429,
      });
    });
  });

  describe("AWS CLI", () => {
    it("invokes add_sub with --target-model", async () => {
      const result = await awsCli("add_sub_onnx_v0.tar.gz");
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ InvokedProductionVariant: "AllTraffic" });
      const body = JSON.parse(await readFile(result.outfile, "utf8"));
      expect(body.outputs.find((o: { name: string }) => o.name === "OUTPUT1").data).toEqual([
        -9, -18, -27, -36,
      ]);
    });

    it("prints the error name for an unknown target and a model error", async () => {
      const missing = await awsCli("nope.tar.gz");
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain("(ValidationError)");
      expect(missing.stderr).toContain("Failed to download model data");
      const raising = await awsCli("raising_v0.tar.gz");
      expect(raising.stderr).toContain("(ModelError)");
    });
  });
});
