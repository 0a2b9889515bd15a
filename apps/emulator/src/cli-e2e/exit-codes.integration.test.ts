// Exit codes and error lines against a real emulator: usage errors exit 2, AWS (and model) errors exit 1,
// each as one "Name: message" line on stderr with nothing on stdout; --debug adds the stack.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADD_SUB_CONFIG, runMme, writeModel } from "@mme/cli/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, startLocalEmulator } from "../test-support/local-emulator.js";

const RAISING_MODEL_PY = `import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        raise ValueError("this model always fails")
`;

let local: LocalEmulator;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "mme-cli-exit-"));
  local = await startLocalEmulator();
});
afterAll(async () => {
  await local?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Exit code and the single stderr line, asserting that stdout stayed empty. */
async function failure(argv: string[], env?: Record<string, string>) {
  const run = env ? await runMme(argv, { env }) : await local.mme(argv);
  expect(run.stdout).toBe("");
  expect(run.stderr.endsWith("\n")).toBe(true);
  expect(run.stderr.trimEnd().split("\n"), run.stderr).toHaveLength(1);
  return { code: run.code, line: run.stderr.trimEnd() };
}

describe("usage errors exit 2 with one line", () => {
  it.each([
    [
      ["call-model"],
      "UsageError: missing the model to call: give a TargetModel (mme call-model add_sub_v0.tar.gz) or an inference component (mme call-model --component NAME)",
    ],
    [["invoke", "add_sub_v0.tar.gz"], "UsageError: --body FILE is required"],
    [
      ["call-model", "add_sub_v0.tar.gz", "--bianry"],
      "UsageError: unknown option --bianry for mme call-model (did you mean --binary?)",
    ],
    [
      ["create-endpoint", "--poll-interval", "soon"],
      'UsageError: --poll-interval must be a positive number, got "soon"',
    ],
  ])("mme %j", async (argv, line) => {
    expect(await failure(argv)).toEqual({ code: 2, line });
  });

  it("an --input file that is not JSON", async () => {
    const file = join(workDir, "broken.json");
    await writeFile(file, "{ inputs: ");
    const { code, line } = await failure(["call-model", "add_sub_v0.tar.gz", "--input", file]);
    expect(code).toBe(2);
    expect(line).toMatch(/^UsageError: --input .*broken\.json: .*JSON/);
  });
});

describe("AWS errors exit 1 with the error's name and message", () => {
  it("a target model that is not under the prefix (ValidationError, as SageMaker words it)", async () => {
    expect(await failure(["call-model", "missing_v0.tar.gz"])).toEqual({
      code: 1,
      line:
        "ValidationError: Failed to download model data(bucket: mme-models, key: models/missing_v0.tar.gz). " +
        "Please ensure that there is an object located at the URL and that the role passed to CreateModel has " +
        "permissions to download the model.",
    });
  });

  it("a mistyped target model: SageMaker's ValidationError, and the CLI names the close one", async () => {
    expect(await failure(["call-model", "add_sub_v1.tar.gz"])).toEqual({
      code: 1,
      line:
        "ValidationError: Failed to download model data(bucket: mme-models, key: models/add_sub_v1.tar.gz). " +
        "Please ensure that there is an object located at the URL and that the role passed to CreateModel has " +
        "permissions to download the model. (did you mean add_sub_v0.tar.gz?)",
    });
  });

  it("an endpoint that does not exist", async () => {
    expect(await failure(["status"], local.env({ MME_ENDPOINT_NAME: "no-such-endpoint" }))).toEqual({
      code: 1,
      line: 'EndpointNotFoundError: endpoint "no-such-endpoint" does not exist',
    });
  });

  it("a bucket that does not exist (S3)", async () => {
    const env = local.env({ MME_MODEL_DATA_URL: "s3://no-such-bucket/models/" });
    const { code, line } = await failure(["list-models"], env);
    expect(code).toBe(1);
    expect(line).toMatch(/^NoSuchBucket: /);
  });

  it("a model that raises: ModelError, one line", async () => {
    const { dir } = await writeModel(
      {
        "config.pbtxt": ADD_SUB_CONFIG.replace('name: "add_sub"', 'name: "raising"'),
        "1/model.py": RAISING_MODEL_PY,
      },
      "raising",
    );
    const added = await local.mme(["add-model", dir, "raising_v0.tar.gz"]);
    expect(added.code, added.stderr).toBe(0);
    const { code, line } = await failure(["call-model", "raising_v0.tar.gz"]);
    expect(code).toBe(1);
    expect(line).toMatch(
      /^ModelError: .*this model always fails.*; the endpoint's log has the model's output: mme logs --since 10m --local$/,
    );
  });

  it("--debug adds the stack under the same first line", async () => {
    const plain = await local.mme(["call-model", "missing_v0.tar.gz"]);
    const debug = await local.mme(["call-model", "missing_v0.tar.gz", "--debug"]);
    expect(debug.code).toBe(1);
    const lines = debug.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(plain.stderr.trimEnd());
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
  });
});
