import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packModel } from "@mme/core";
import { freePort } from "@mme/core/process";
import { describe, expect, it } from "vitest";
import { rootCommand } from "./root-command.js";
import { writeModel } from "./test-support/model-fixtures.js";
import { type MmeRun, runMme } from "./test-support/run-mme.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const S3_ENV = { MME_MODEL_DATA_URL: "s3://mme-models/models/", MME_S3_ENDPOINT_URL: "http://127.0.0.1:1" };

describe("mme (in-process)", () => {
  it("--help lists every command and exits 0", async () => {
    const { code, stdout } = await runMme(["--help"]);
    expect(code).toBe(0);
    for (const command of [
      "create-endpoint",
      "status, describe-endpoint",
      "delete-endpoint",
      "add-model",
      "list-models",
      "remove-model",
      "validate-model",
      "call-model",
      "call-model-image",
      "invoke",
      "invoke-async",
      "clean",
    ]) {
      expect(stdout).toContain(command);
    }
    expect((await runMme(["add-model", "--help"])).stdout).toContain(
      "mme add-model [OPTIONS] <DIR> <TARBALL>",
    );
  });

  it("ends --help with examples of the command, as plain text when piped", async () => {
    const root = await runMme(["--help"]);
    expect(root.stdout).toContain("EXAMPLES\n\n  pnpm start");
    expect(root.stdout).not.toContain("\u001b[");
    for (const name of Object.keys(rootCommand.subCommands as object)) {
      const { stdout } = await runMme([name, "--help"]);
      expect(stdout, name).not.toContain("\u001b[");
      const examples = stdout.slice(stdout.indexOf("EXAMPLES")).split("\n").slice(2).filter(Boolean);
      expect(examples.length, `${name} --help has examples`).toBeGreaterThan(0);
      for (const line of examples) expect(line.trim().startsWith(`mme ${name}`), line).toBe(true);
    }
  });

  it("exits 2 with one line for usage errors", async () => {
    expect(await runMme(["frobnicate"])).toMatchObject({
      code: 2,
      stderr: 'UsageError: unknown command "frobnicate" (see mme --help)\n',
    });
    expect(await runMme(["list-models", "--forse"])).toMatchObject({
      code: 2,
      stderr: "UsageError: unknown option --forse for mme list-models\n",
    });
    expect(await runMme(["stauts"])).toMatchObject({
      code: 2,
      stderr: 'UsageError: unknown command "stauts" (did you mean status?)\n',
    });
    expect(await runMme(["call-modle", "add_sub_v0.tar.gz"])).toMatchObject({
      code: 2,
      stderr: 'UsageError: unknown command "call-modle" (did you mean call-model?)\n',
    });
    expect(await runMme(["add-model", "dir", "x.tar.gz", "--froce"])).toMatchObject({
      code: 2,
      stderr: "UsageError: unknown option --froce for mme add-model (did you mean --force?)\n",
    });
    expect(await runMme(["add-model", "somedir"])).toMatchObject({
      code: 2,
      stderr: "UsageError: Missing required positional argument: TARBALL (see --help)\n",
    });
    const none = await runMme([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/UsageError: no command given \(see mme --help\)\n$/);
  });

  it("accepts global flags before the command", async () => {
    const { code, stdout } = await runMme(["--json", "validate-model", join(REPO, "model_registry/add_sub")]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      valid: true,
      modelName: "add_sub",
      backend: "python",
      versions: [1],
    });
  });

  it("rejects a placeholder role before any AWS call", async () => {
    const env = {
      MME_ROLE: "arn:aws:iam::ACCOUNT_ID:role/sagemaker-execution",
      MME_ENDPOINT_URL: "http://127.0.0.1:1",
    };
    expect(await runMme(["create-endpoint"], { env })).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'SettingsError: setting "role" (from environment MME_ROLE) still holds the placeholder ACCOUNT_ID: "arn:aws:iam::ACCOUNT_ID:role/sagemaker-execution"; put your real value there\n',
    });
  });

  it("names a missing required setting", async () => {
    const { code, stderr } = await runMme(["list-models"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'SettingsError: setting "modelDataUrl" is required here: set MME_MODEL_DATA_URL, or "modelDataUrl" in mme.config.json or .env\n',
    );
  });

  it("reads settings from mme.config.json in the working directory", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "mme-cfg-"));
    await writeFile(
      join(cwd, "mme.config.json"),
      JSON.stringify({ imageUri: "ACCOUNT_ID.dkr.ecr.REGION.amazonaws.com/x" }),
    );
    const { code, stderr } = await runMme(["status"], { cwd });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^SettingsError: setting "imageUri" \(from mme.config.json\) still holds the placeholder/,
    );
  });

  it("reports a connection refused as one line naming the address", async () => {
    const port = await freePort();
    const env = { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x", MME_REGION: "us-east-1" };
    const { code, stderr } = await runMme(["status", "--endpoint-url", `http://127.0.0.1:${port}`], { env });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `NetworkError: cannot reach http://127.0.0.1:${port} for DescribeEndpoint (ECONNREFUSED)\n`,
    );
    const debug = await runMme(["status", "--endpoint-url", `http://127.0.0.1:${port}`, "--debug"], { env });
    expect(debug.stderr.split("\n").length).toBeGreaterThan(3);
  });
});

describe("model validation (validate-model and add-model)", () => {
  async function both(dir: string): Promise<[MmeRun, MmeRun]> {
    return [
      await runMme(["validate-model", dir]),
      await runMme(["add-model", dir, "m.tar.gz"], { env: S3_ENV }),
    ];
  }

  it("passes the canonical add_sub, as a folder and as a tarball", async () => {
    const dir = join(REPO, "model_registry/add_sub");
    expect((await runMme(["validate-model", dir])).stdout).toBe(
      "add_sub: valid Triton model (python, versions 1)\n",
    );
    const packed = await packModel({ dir });
    const renamed = packed.file;
    try {
      const { code, stdout } = await runMme(["validate-model", renamed]);
      expect(stdout).toBe("add_sub: valid Triton model (python, versions 1)\n");
      expect(code).toBe(0);
    } finally {
      await packed.cleanup();
    }
  });

  it("a missing directory", async () => {
    const missing = join(tmpdir(), "mme-no-such-model", "add_sub");
    const [validate, add] = await both(missing);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toBe(`add_sub: model directory not found: ${missing}\n`);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain(`model directory not found: ${missing}`);
  });

  it("a directory without config.pbtxt", async () => {
    const { dir } = await writeModel({ "config.pbtxt": null });
    const [validate, add] = await both(dir);
    expect(validate.stdout).toBe(
      "add_sub/config.pbtxt: config.pbtxt is missing (every Triton model folder needs one)\n",
    );
    expect(validate.stderr).toBe("InvalidModelError: add_sub: 1 problem found\n");
    expect(add.stderr).toMatch(/^InvalidModelError: .*config\.pbtxt is missing/);
    expect(add.stderr.split("\n")).toHaveLength(2);
  });

  it("a broken config.pbtxt, with line and column", async () => {
    const { dir } = await writeModel({
      "config.pbtxt":
        'name: "add_sub"\nbackend: "python"\ninput [ { name: "INPUT0" data_type: TYPE_FP32 dims: [ 4 } ]\n',
    });
    const [validate, add] = await both(dir);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^add_sub\/config\.pbtxt:3:57: /);
    expect(add.stderr).toContain("add_sub/config.pbtxt:3:57: ");
  });

  it("an unknown backend", async () => {
    const { dir } = await writeModel({ "config.pbtxt": 'name: "add_sub"\nbackend: "fortran"\n' });
    const [validate] = await both(dir);
    expect(validate.stdout).toMatch(/^add_sub\/config\.pbtxt:2:10: unknown backend "fortran"/);
  });

  it("an empty version folder", async () => {
    const { dir } = await writeModel({ "1/model.py": null, "1/": "" });
    const [validate, add] = await both(dir);
    expect(validate.stdout).toContain(
      "add_sub/1/: version folder is empty: a python model needs model.py in it",
    );
    expect(add.code).toBe(1);
  });

  it("lists every problem, not just the first", async () => {
    const { dir } = await writeModel({
      "config.pbtxt": 'name: "other"\nbackend: "fortran"\n',
      "1/model.py": null,
      "1/": "",
    });
    const { stdout, stderr } = await runMme(["validate-model", dir]);
    expect(stdout.trimEnd().split("\n").length).toBeGreaterThanOrEqual(2);
    expect(stderr).toMatch(/^InvalidModelError: add_sub: \d+ problems found\n$/);
  });

  it("a tarball name without .tar.gz", async () => {
    const { dir } = await writeModel();
    const { code, stderr } = await runMme(["add-model", dir, "add_sub.tgz"], { env: S3_ENV });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'TarballNameError: tarball name "add_sub.tgz" must end in .tar.gz (SageMaker MME loads gzipped tar archives), e.g. add_sub_v1.tar.gz\n',
    );
  });
});

describe("call-model-image input", () => {
  it("rejects a file that is no image", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mme-img-"));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "cat.png"), "not an image");
    const env = { MME_ENDPOINT_URL: "http://127.0.0.1:1", MME_REGION: "us-east-1" };
    const { code, stderr } = await runMme(["call-model-image", "resnet.tar.gz", "--image", "cat.png"], {
      env,
      cwd: dir,
    });
    expect(code).toBe(2);
    expect(stderr).toBe(`UsageError: ${join(dir, "cat.png")} is neither a PNG nor a JPEG image\n`);
  });
});
