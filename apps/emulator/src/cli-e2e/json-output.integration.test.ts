// --json on every command that prints data: stdout is exactly one JSON document (progress and notes go
// to stderr), against the emulator and its embedded S3.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MmeRun, type RunMmeOptions, runMme, writeModel, writePng } from "@mme/cli/test-support";
import { LOCAL_PROFILE } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, REPO_ROOT, startLocalEmulator } from "../test-support/local-emulator.js";

const ADD_SUB_DIR = join(REPO_ROOT, "model_registry/add_sub");
const ADD_SUB_OUTPUTS = [
  { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
  { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
];
const ASYNC_ENDPOINT = "json-async";

let local: LocalEmulator;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-cli-json-"));
  local = await startLocalEmulator([
    {
      EndpointName: ASYNC_ENDPOINT,
      ModelDataUrl: `${LOCAL_PROFILE.modelDataUrl}add_sub_v0.tar.gz`,
      Mode: "SingleModel",
    },
  ]);
});
afterAll(async () => {
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Parses stdout as one JSON document: a stray line before or after it fails the parse. */
function parsed(run: MmeRun): unknown {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.endsWith("}\n") || run.stdout.endsWith("]\n"), run.stdout).toBe(true);
  return JSON.parse(run.stdout);
}

const mmeJson = (argv: string[], options?: RunMmeOptions) => local.mme([...argv, "--json"], options);

describe("--json prints one JSON document on stdout", () => {
  it("add-model, list-models, remove-model", async () => {
    const added = parsed(await mmeJson(["add-model", ADD_SUB_DIR, "json/add_sub_v1.tar.gz"]));
    expect(added).toMatchObject({ uri: `${LOCAL_PROFILE.modelDataUrl}json/add_sub_v1.tar.gz` });

    const listed = parsed(await mmeJson(["list-models"])) as { targetModel: string; size: number }[];
    expect(listed.map((m) => m.targetModel)).toEqual([
      "add_sub_v0.tar.gz",
      "json/add_sub_v1.tar.gz",
      "small_image_v0.tar.gz",
    ]);
    for (const model of listed) expect(model.size).toBeGreaterThan(0);

    const removed = parsed(await mmeJson(["remove-model", "json/add_sub_v1.tar.gz"]));
    expect(removed).toEqual({ removed: `${LOCAL_PROFILE.modelDataUrl}json/add_sub_v1.tar.gz` });
  });

  it("status", async () => {
    expect(parsed(await mmeJson(["status"]))).toMatchObject({
      endpointName: LOCAL_PROFILE.endpointName,
      status: "InService",
      model: { modelDataUrl: LOCAL_PROFILE.modelDataUrl, mode: "MultiModel" },
    });
  });

  it("validate-model, valid and not (the problems still as JSON)", async () => {
    expect(parsed(await runMme(["validate-model", ADD_SUB_DIR, "--json"]))).toMatchObject({
      valid: true,
      modelName: "add_sub",
      backend: "python",
      versions: [1],
    });
    const { dir } = await writeModel({ "config.pbtxt": null });
    const broken = await runMme(["validate-model", dir, "--json"]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      valid: false,
      modelName: "add_sub",
      problems: [
        { file: expect.stringContaining("config.pbtxt"), message: expect.stringContaining("missing") },
      ],
    });
    expect(broken.stderr).toBe("InvalidModelError: add_sub: 1 problem found\n");
  });

  it("call-model and invoke", async () => {
    expect(parsed(await mmeJson(["call-model", "add_sub_v0.tar.gz"]))).toEqual({
      targetModel: "add_sub_v0.tar.gz",
      modelName: expect.any(String),
      outputs: ADD_SUB_OUTPUTS,
    });
    const body = join(workDir, "request.json");
    await writeFile(body, JSON.stringify(addSubRequest()));
    const invoked = parsed(await mmeJson(["invoke", "add_sub_v0.tar.gz", "--body", body])) as {
      body: string;
      contentType: string;
    };
    expect(invoked.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(invoked.body).outputs).toMatchObject(ADD_SUB_OUTPUTS);
  });

  it("call-model-image", async () => {
    const result = parsed(
      await mmeJson(["call-model-image", "small_image_v0.tar.gz", "--image", await writePng(workDir)]),
    ) as { top: { index: number; score: number }[] };
    expect(result).toMatchObject({ targetModel: "small_image_v0.tar.gz", output: "OUTPUT__0" });
    expect(result.top).toHaveLength(5);
  });

  it("invoke-async (its progress lines go to stderr)", async () => {
    const body = join(workDir, "async-request.json");
    await writeFile(body, JSON.stringify(addSubRequest()));
    const run = await runMme(
      ["invoke-async", "--body", body, "--poll-interval", "0.1", "--timeout", "60", "--json"],
      { env: local.env({ MME_ENDPOINT_NAME: ASYNC_ENDPOINT }) },
    );
    const result = parsed(run) as { outputLocation: string; inputLocation: string; body: string };
    expect(result.inputLocation).toMatch(/^s3:\/\/mme-models\/mme-async-inputs\//);
    expect(result.outputLocation).toMatch(/^s3:\/\//);
    expect(JSON.parse(result.body).outputs).toMatchObject(ADD_SUB_OUTPUTS);
    expect(run.stderr).toContain("uploaded");
  });

  it("create-endpoint, clean --dry-run, clean --yes, delete-endpoint", async () => {
    const env = local.env({ MME_ENDPOINT_NAME: "json-lifecycle" });
    const created = parsed(await runMme(["create-endpoint", "--poll-interval", "0.1", "--json"], { env }));
    expect(created).toMatchObject({ endpointName: "json-lifecycle", status: "InService" });

    const dryRun = parsed(await runMme(["clean", "--dry-run", "--models", "--json"], { env }));
    expect(dryRun).toEqual({
      dryRun: true,
      plan: {
        resources: [
          { kind: "endpoint", name: "json-lifecycle" },
          { kind: "endpoint-config", name: "json-lifecycle-config" },
          { kind: "model", name: "json-lifecycle-model" },
        ],
        objects: [
          `${LOCAL_PROFILE.modelDataUrl}add_sub_v0.tar.gz`,
          `${LOCAL_PROFILE.modelDataUrl}small_image_v0.tar.gz`,
        ],
      },
    });

    const cleaned = parsed(await runMme(["clean", "--yes", "--json"], { env }));
    expect(cleaned).toMatchObject({ deletedObjects: [] });
    const deleted = parsed(await runMme(["delete-endpoint", "--json"], { env })) as {
      resources: { deleted: boolean }[];
    };
    expect(deleted.resources.map((r) => r.deleted)).toEqual([false, false, false]);
  });
});

function addSubRequest() {
  return {
    inputs: [
      { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
      { name: "INPUT1", shape: [4], datatype: "FP32", data: [4, 3, 2, 1] },
    ],
  };
}
