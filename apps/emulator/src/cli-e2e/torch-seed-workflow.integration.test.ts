// The seed workflow's PyTorch model end to end, where an interpreter imports torch (CI installs it):
// `mme add-model ./model_registry/triton-serve-pt/ triton-serve-pt_v0.tar.gz` then `call-model-image`
// through the CLI; the emulator as `pnpm start` runs it (seeding triton-serve-pt_v0.tar.gz, saying which
// python3 serves TorchScript) called by boto3 with the seed's own payload; and bad input, each a
// SageMaker error, the emulator serving on.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { InvokeEndpointCommand, ModelError } from "@aws-sdk/client-sagemaker-runtime";
import { runMme } from "@mme/cli/test-support";
import { addModel, LOCAL_PROFILE } from "@mme/core";
import { ensureTritonServePt, findTorchPython, TRITON_SERVE_PT_DIR } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO_ROOT } from "../config/emulator-config.js";
import { awsEnv } from "../test-support/aws-python-clients.js";
import { type EmulatorProcess, startEmulatorProcess } from "../test-support/emulator-process.js";
import { jsonImageRequest, sagemakerBinaryImageRequest } from "../test-support/image-requests.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

const run = promisify(execFile);
const torch = await findTorchPython();
const TARGET = "triton-serve-pt_v0.tar.gz";

/** The seed's _call_model: the image as nested lists in KServe JSON, sent as application/octet-stream. */
const SEED_CALL_MODEL = `
import json, sys, boto3, numpy as np
url, endpoint, target = sys.argv[1:4]
rng = np.random.default_rng(0)
img = rng.integers(0, 256, size=(224, 224, 3)).astype(np.float32) / 255
img = (img - np.array([0.485, 0.456, 0.406], dtype=np.float32)) / np.array([0.229, 0.224, 0.225], dtype=np.float32)
payload = {"inputs": [{"name": "INPUT__0", "shape": [1, 3, 224, 224], "datatype": "FP32",
                       "data": np.transpose(img, (2, 0, 1)).tolist()}]}
client = boto3.client("sagemaker-runtime", endpoint_url=url)
response = client.invoke_endpoint(EndpointName=endpoint, ContentType="application/octet-stream",
                                  Body=json.dumps(payload), TargetModel=target)
response = json.loads(response["Body"].read().decode("utf8"))
output = response["outputs"][0]["data"]
print(json.dumps({"scores": len(output), "name": response["outputs"][0]["name"], "finite": bool(np.isfinite(output).all())}))
`;

/** `mme <argv> --local` against the given emulator, in-process. */
function mmeLocal(emulator: { url: string; s3Url: string }, argv: string[]) {
  const local = ["--local", "--endpoint-url", emulator.url, "--s3-endpoint-url", emulator.s3Url];
  return runMme([...argv, ...local], { cwd: REPO_ROOT, answer: true });
}

describe.runIf(torch)("the seed's PyTorch model (torch imports here)", () => {
  let workDir: string;
  beforeAll(async () => {
    await ensureTritonServePt();
    workDir = await mkdtemp(join(tmpdir(), "mme-torch-seed-"));
  }, 120_000);
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  describe("through the mme CLI", () => {
    let emulator: TestEmulator;
    beforeAll(async () => {
      emulator = await startTestEmulator();
    });
    afterAll(async () => {
      await emulator?.stop();
    });

    const mme = (argv: string[]) => mmeLocal(emulator, argv);

    it("add-model ./model_registry/triton-serve-pt/ then call-model-image prints the top 5", async () => {
      const created = await mme(["create-endpoint", "--poll-interval", "0.2"]);
      expect(created.code, created.stderr).toBe(0);
      const added = await mme(["add-model", "./model_registry/triton-serve-pt/", TARGET]);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain(`s3://mme-models/models/${TARGET}`);

      const classified = await mme(["call-model-image", TARGET]);
      expect(classified.code, classified.stderr).toBe(0);
      const rows = classified.stdout
        .split("\n")
        .filter((line) => /^class \d+\s+-?\d+\.\d{4}$/.test(line.trim()));
      expect(rows).toHaveLength(5);

      const json = await mme(["call-model-image", TARGET, "--json", "--binary"]);
      expect(json.code, json.stderr).toBe(0);
      const { top } = JSON.parse(json.stdout) as { top: { index: number; score: number }[] };
      expect(top).toHaveLength(5);
      expect(top.every((c) => c.index >= 0 && c.index < 1000)).toBe(true);
      // Same image, same model: the JSON and binary paths agree.
      expect(top.map((c) => c.index)).toEqual(
        rows.map((line) => Number(/^class (\d+)/.exec(line.trim())![1])),
      );
    }, 120_000);

    it("answers bad input and a corrupt model.pt with SageMaker errors, and keeps serving", async () => {
      const client = emulator.runtimeClient();
      const invoke = (body: Uint8Array, target = TARGET, contentType = "application/json") =>
        client.send(
          new InvokeEndpointCommand({
            EndpointName: LOCAL_PROFILE.endpointName,
            TargetModel: target,
            ContentType: contentType,
            Body: body,
          }),
        );
      const refused = async (body: Uint8Array, target?: string, contentType?: string) =>
        (await invoke(body, target, contentType).then(
          () => undefined,
          (e: unknown) => e,
        )) as ModelError;
      const tensor = (shape: number[], datatype: string) =>
        new TextEncoder().encode(
          JSON.stringify({
            inputs: [
              {
                name: "INPUT__0",
                shape,
                datatype,
                data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0),
              },
            ],
          }),
        );

      const shape = await refused(tensor([1, 3, 224, 225], "FP32"));
      expect(shape).toBeInstanceOf(ModelError);
      expect(shape.$metadata.httpStatusCode).toBe(424);
      expect(shape.OriginalStatusCode).toBe(400);
      expect(shape.OriginalMessage).toContain("has shape [1,3,224,225], but model");

      const datatype = await refused(tensor([1, 3, 224, 224], "FP64"));
      expect(datatype).toBeInstanceOf(ModelError);
      expect(datatype.OriginalMessage).toContain("has datatype FP64, but model");

      const nine = sagemakerBinaryImageRequest(9);
      const batch = await refused(nine.body, TARGET, nine.contentType);
      expect(batch).toBeInstanceOf(ModelError);
      expect(batch.OriginalMessage).toContain("has batch size 9, but model");
      expect(batch.OriginalMessage).toContain("accepts 1..8");

      const corruptDir = join(workDir, "corrupt_pt");
      await cp(TRITON_SERVE_PT_DIR, corruptDir, { recursive: true });
      await writeFile(join(corruptDir, "1", "model.pt"), "not a TorchScript archive");
      await writeFile(
        join(corruptDir, "config.pbtxt"),
        (await readFile(join(corruptDir, "config.pbtxt"), "utf8")).replace(
          'name: "triton-serve-pt"',
          'name: "corrupt_pt"',
        ),
      );
      await addModel(emulator.s3Client, {
        dir: corruptDir,
        tarballName: "corrupt_pt_v0.tar.gz",
        modelDataUrl: LOCAL_PROFILE.modelDataUrl,
      });
      const corrupt = await refused(jsonImageRequest(1).body, "corrupt_pt_v0.tar.gz");
      expect(corrupt).toBeInstanceOf(ModelError);
      expect(corrupt.OriginalStatusCode).toBe(400);
      expect(corrupt.OriginalMessage).toMatch(
        /failed to load model 'corrupt_pt': PytorchStreamReader failed reading zip archive/,
      );

      const good = sagemakerBinaryImageRequest(8);
      const served = await invoke(good.body, TARGET, good.contentType);
      expect(served.$metadata.httpStatusCode).toBe(200);
    }, 120_000);
  });

  describe("the emulator as `pnpm start` runs it, called by boto3", () => {
    let emulator: EmulatorProcess;
    beforeAll(async () => {
      emulator = await startEmulatorProcess(["--data-dir", join(workDir, "start-data")], {}, 120_000);
    }, 130_000);
    afterAll(async () => {
      await emulator?.stop();
    });

    it("says which python3 serves TorchScript, seeds triton-serve-pt_v0.tar.gz, and the seed's _call_model gets 1000 scores", async () => {
      await vi.waitFor(
        () =>
          expect(emulator.output()).toMatch(
            /TorchScript and torch-importing Python models: \S+ \(torch \S+\)/,
          ),
        { timeout: 60_000, interval: 100 },
      );
      const { stdout } = await run(
        "python3",
        ["-c", SEED_CALL_MODEL, emulator.url, LOCAL_PROFILE.endpointName, TARGET],
        {
          env: awsEnv(),
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      expect(JSON.parse(stdout)).toEqual({ scores: 1000, name: "OUTPUT__0", finite: true });
    }, 120_000);

    it("the seed's add-model lines succeed verbatim on the seeded stack (same bytes: already there)", async () => {
      for (const [dir, target] of [
        ["./model_registry/add_sub/", "add_sub_v0.tar.gz"],
        ["./model_registry/triton-serve-pt/", TARGET],
      ] as const) {
        const added = await mmeLocal(emulator, ["add-model", dir, target]);
        expect(added.code, added.stderr).toBe(0);
        expect(added.stderr).toContain("already holds exactly this model; nothing uploaded");
      }
      const classified = await mmeLocal(emulator, ["call-model-image", TARGET]);
      expect(classified.code, classified.stderr).toBe(0);
    }, 120_000);
  });
});
