import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createS3Client } from "@mme/core";
import { type MotoServer, startMotoServer } from "@mme/core/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { motoEndpointEnv } from "../test-support/moto-env.js";
import { runMme } from "../test-support/run-mme.js";

let moto: MotoServer;
beforeAll(async () => {
  moto = await startMotoServer();
});
afterAll(async () => {
  await moto?.stop();
});

const envFor = (endpointName: string) => motoEndpointEnv(moto, { MME_ENDPOINT_NAME: endpointName });

describe("endpoint lifecycle against moto", () => {
  it("creates, waits for InService, describes and deletes an endpoint", async () => {
    const env = envFor("lifecycle");
    const created = await runMme(["create-endpoint", "--json", "--poll-interval", "0.1"], { env });
    expect(created.stderr).toContain("InService");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ endpointName: "lifecycle", status: "InService" });

    const status = await runMme(["status", "--json"], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      endpointName: "lifecycle",
      status: "InService",
      endpointConfigName: "lifecycle-config",
      variants: [{ variantName: "AllTraffic", instanceType: "ml.m5.large", instanceCount: 1 }],
      model: {
        modelName: "lifecycle-model",
        mode: "MultiModel",
        modelDataUrl: "s3://mme-test-models/models/",
      },
    });

    const human = await runMme(["describe-endpoint"], { env });
    expect(human.stdout).toMatch(/endpoint\s+lifecycle \(InService\)/);
    expect(human.stdout).toMatch(/models prefix\s+s3:\/\/mme-test-models\/models\//);

    const deleted = await runMme(["delete-endpoint", "--json"], { env });
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout).resources).toEqual([
      { kind: "endpoint", name: "lifecycle", deleted: true },
      { kind: "endpoint-config", name: "lifecycle-config", deleted: true },
      { kind: "model", name: "lifecycle-model", deleted: true },
    ]);
    const gone = await runMme(["status"], { env });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe('EndpointNotFoundError: endpoint "lifecycle" does not exist\n');
  });

  it("refuses to create over existing resources with one clear line", async () => {
    const env = envFor("twice");
    expect((await runMme(["create-endpoint", "--no-wait"], { env })).code).toBe(0);
    const again = await runMme(["create-endpoint", "--no-wait"], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^ResourceExistsError: model "twice-model" already exists; .*\n$/);
    await runMme(["delete-endpoint"], { env });
  });

  it("clean lists with --dry-run, deletes with --yes, and touches only the configured names", async () => {
    const env = envFor("cleanme");
    const other = envFor("bystander");
    await runMme(["create-endpoint", "--no-wait"], { env });
    await runMme(["create-endpoint", "--no-wait"], { env: other });

    const dry = await runMme(["clean", "--dry-run", "--json"], { env });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout).plan.resources).toEqual([
      { kind: "endpoint", name: "cleanme" },
      { kind: "endpoint-config", name: "cleanme-config" },
      { kind: "model", name: "cleanme-model" },
    ]);
    expect((await runMme(["status"], { env })).code).toBe(0);

    const refused = await runMme(["clean"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --yes");

    const declined = await runMme(["clean"], { env, interactive: true, answer: false });
    expect(declined.stderr).toContain("nothing deleted");
    expect((await runMme(["status"], { env })).code).toBe(0);

    const cleaned = await runMme(["clean", "--yes"], { env });
    expect(cleaned.code).toBe(0);
    expect(cleaned.stdout).toContain("deleted  endpoint cleanme");
    expect((await runMme(["status"], { env })).code).toBe(1);
    expect((await runMme(["status"], { env: other })).code).toBe(0);
    expect((await runMme(["clean", "--yes"], { env })).stdout).toBe("nothing to delete\n");
    await runMme(["delete-endpoint"], { env: other });
  });

  it("reports an unknown endpoint", async () => {
    const result = await runMme(["status"], { env: envFor("never-created") });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('EndpointNotFoundError: endpoint "never-created" does not exist\n');
  });
});

async function queueResults(
  kind: "endpoint-results" | "async-endpoint-results",
  results: unknown[],
): Promise<void> {
  const response = await fetch(`${moto.url}/moto-api/static/sagemaker/${kind}`, {
    method: "POST",
    body: JSON.stringify({ region: "us-east-1", results }),
  });
  expect(response.ok).toBe(true);
}

describe("invoking through the SageMaker Runtime API (moto)", () => {
  it("call-model sends the add_sub request and prints the outputs", async () => {
    const env = envFor("invoke-add-sub");
    await queueResults("endpoint-results", [
      {
        Body: JSON.stringify({
          model_name: "add_sub",
          outputs: [
            { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
            { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
          ],
        }),
        ContentType: "application/json",
        InvokedProductionVariant: "AllTraffic",
        CustomAttributes: "",
      },
    ]);
    const human = await runMme(["call-model", "add_sub_v1.tar.gz"], { env });
    expect(human.stderr).toBe("");
    expect(human.stdout).toBe("OUTPUT0 FP32 [4]: 5 5 5 5\nOUTPUT1 FP32 [4]: -3 -1 1 3\n");
    const json = await runMme(["call-model", "add_sub_v1.tar.gz", "--json"], { env });
    expect(JSON.parse(json.stdout)).toMatchObject({
      targetModel: "add_sub_v1.tar.gz",
      modelName: "add_sub",
      outputs: [{ name: "OUTPUT0", data: [5, 5, 5, 5] }, { name: "OUTPUT1" }],
    });
  });

  it("call-model-image prints the top-5 classes of OUTPUT__0", async () => {
    const env = envFor("invoke-image");
    const scores = Array.from({ length: 1000 }, (_, i) => (i % 97) / 1000);
    scores[7] = 0.9;
    scores[421] = 0.8;
    await queueResults("endpoint-results", [
      {
        Body: JSON.stringify({
          model_name: "resnet",
          outputs: [{ name: "OUTPUT__0", datatype: "FP32", shape: [1, 1000], data: scores }],
        }),
        ContentType: "application/json",
        InvokedProductionVariant: "AllTraffic",
        CustomAttributes: "",
      },
    ]);
    const { code, stdout } = await runMme(["call-model-image", "resnet.tar.gz", "--json", "--seed", "7"], {
      env,
    });
    expect(code).toBe(0);
    const top = JSON.parse(stdout).top as { index: number }[];
    expect(top).toHaveLength(5);
    expect(top.slice(0, 2).map((c) => c.index)).toEqual([7, 421]);
  });

  it("invoke sends a raw body and prints the raw response", async () => {
    const env = envFor("invoke-raw");
    await queueResults("endpoint-results", [
      {
        Body: "raw answer",
        ContentType: "text/plain",
        InvokedProductionVariant: "AllTraffic",
        CustomAttributes: "a=1",
      },
    ]);
    const dir = await mkdtemp(join(tmpdir(), "mme-invoke-"));
    await writeFile(join(dir, "body.bin"), "hello");
    const raw = await runMme(["invoke", "m.tar.gz", "--body", "body.bin", "--content-type", "text/plain"], {
      env,
      cwd: dir,
    });
    expect(raw).toMatchObject({ code: 0, stdout: "raw answer\n" });
    const json = await runMme(
      ["invoke", "m.tar.gz", "--body", "body.bin", "--content-type", "text/plain", "--json"],
      {
        env,
        cwd: dir,
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      body: "raw answer",
      contentType: "text/plain",
      customAttributes: "a=1",
    });
    const missing = await runMme(["invoke", "m.tar.gz", "--body", "nope.bin"], { env, cwd: dir });
    expect(missing).toMatchObject({ code: 2, stderr: "UsageError: --body nope.bin: ENOENT\n" });
  });

  it("invoke-async uploads the input, polls the output location and prints the result", async () => {
    const env = { ...envFor("invoke-async"), MME_MODEL_DATA_URL: "s3://mme-async-test/models/" };
    const s3 = createS3Client({
      region: "us-east-1",
      endpoint: moto.url,
      credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "mme-async-test" }));
    s3.destroy();
    await queueResults("async-endpoint-results", [{ data: JSON.stringify({ answer: 42 }) }]);
    const dir = await mkdtemp(join(tmpdir(), "mme-async-"));
    await writeFile(join(dir, "in.json"), "{}");
    const result = await runMme(["invoke-async", "--body", "in.json", "--poll-interval", "0.1", "--json"], {
      env,
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("uploaded");
    const parsed = JSON.parse(result.stdout);
    expect(JSON.parse(parsed.body)).toEqual({ answer: 42 });
    expect(parsed.inputLocation).toMatch(/^s3:\/\/mme-async-test\/mme-async-inputs\//);

    await queueResults("async-endpoint-results", [{ is_failure: true, data: "inference exploded" }]);
    const failed = await runMme(
      ["invoke-async", "--body", "in.json", "--poll-interval", "0.1", "--timeout", "5"],
      { env, cwd: dir },
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /AsyncInferenceFailedError: async inference failed \(s3:\/\/.*\): inference exploded\n$/,
    );
  });
});
