// The `mme` CLI (in-process, real AWS SDK clients) against a running emulator and its embedded S3:
// create-endpoint → add-model → list-models → call-model → call-model-image → invoke-async → status → clean.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMme } from "@mme/cli/test-support";
import { smallImageModel, writeModelFolder } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareEndpoint } from "../control-plane/declare-endpoint.js";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { uploadAddSubEnsemble } from "../test-support/ensemble.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let emulator: TestEmulator;
  let workDir: string;

  beforeAll(async () => {
    emulator = await startTestEmulator({}, {}, mode);
    workDir = await mkdtemp(join(tmpdir(), "mme-cli-e2e-"));
  });
  afterAll(async () => {
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function mme(argv: string[], env: Record<string, string> = {}) {
    const local = ["--local", "--endpoint-url", emulator.url, "--s3-endpoint-url", emulator.s3Url];
    return runMme([...argv, ...(Object.keys(env).length ? [] : local)], { env, cwd: workDir, answer: true });
  }

  describe("mme CLI against the emulator", () => {
    it("creates the local endpoint, adds models and calls them", async () => {
      const created = await mme(["create-endpoint", "--poll-interval", "0.2"]);
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain("InService");

      const added = await mme(["add-model", await writeAddSubOnnx(workDir), "add_sub_onnx_v0.tar.gz"]);
      expect(added.code, added.stderr).toBe(0);
      const listed = await mme(["list-models"]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toContain("add_sub_onnx_v0.tar.gz");

      const called = await mme(["call-model", "add_sub_onnx_v0.tar.gz", "--json"]);
      expect(called.code, called.stderr).toBe(0);
      // The CLI's default add_sub vectors: [1,2,3,4] and [4,3,2,1].
      const printed = called.stdout.replace(/\s+/g, "");
      expect(printed).toContain("[5,5,5,5]");
      expect(printed).toContain("[-3,-1,1,3]");
    });

    it("classifies a random image with the small image model", async () => {
      const folder = await writeModelFolder(workDir, smallImageModel());
      expect((await mme(["add-model", folder, "small_image_v0.tar.gz"])).code).toBe(0);
      const classified = await mme(["call-model-image", "small_image_v0.tar.gz", "--json"]);
      expect(classified.code, classified.stderr).toBe(0);
      expect(classified.stdout.length).toBeGreaterThan(0);
    });

    it("calls with binary tensors, and calls an ensemble uploaded beside the models", async () => {
      const binary = await mme(["call-model", "add_sub_onnx_v0.tar.gz", "--binary", "--json"]);
      expect(binary.code, binary.stderr).toBe(0);
      expect(binary.stdout.replace(/\s+/g, "")).toContain("[5,5,5,5]");
      const image = await mme(["call-model-image", "small_image_v0.tar.gz", "--binary", "--json"]);
      expect(image.code, image.stderr).toBe(0);
      expect(image.stdout).toEqual(
        (await mme(["call-model-image", "small_image_v0.tar.gz", "--json"])).stdout,
      );

      await uploadAddSubEnsemble(emulator.s3Client, "mme-models", "models/add_sub_ensemble_v0.tar.gz");
      const ensemble = await mme(["call-model", "add_sub_ensemble_v0.tar.gz", "--json"]);
      expect(ensemble.code, ensemble.stderr).toBe(0);
      // 2 × [1,2,3,4] and 2 × [4,3,2,1].
      const printed = ensemble.stdout.replace(/\s+/g, "");
      expect(printed).toContain("[2,4,6,8]");
      expect(printed).toContain("[8,6,4,2]");
    });

    it("runs invoke-async against a single-model endpoint", async () => {
      await declareEndpoint(emulator.plane, {
        EndpointName: "cli-async",
        ModelDataUrl: "s3://mme-models/models/add_sub_onnx_v0.tar.gz",
        Mode: "SingleModel",
        ModelCacheSetting: "Enabled",
        VariantName: "AllTraffic",
        Environment: await emulator.container.ownContainer(),
      });
      const body = join(workDir, "request.json");
      await writeFile(body, JSON.stringify(ADD_SUB_REQUEST));
      const result = await mme(
        ["invoke-async", "--body", body, "--poll-interval", "0.2", "--timeout", "30"],
        {
          MME_ENDPOINT_NAME: "cli-async",
          MME_ENDPOINT_URL: emulator.url,
          MME_S3_ENDPOINT_URL: emulator.s3Url,
          MME_MODEL_DATA_URL: "s3://mme-models/models/",
          MME_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "anything",
          AWS_SECRET_ACCESS_KEY: "anything",
        },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("OUTPUT0");
    });

    it("reports status, then cleans the endpoint up", async () => {
      const status = await mme(["status"]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain("InService");
      const cleaned = await mme(["clean", "--yes"]);
      expect(cleaned.code, cleaned.stderr).toBe(0);
      expect(emulator.plane.endpoints.has("sagemaker-poc")).toBe(false);
    });
  });
});
