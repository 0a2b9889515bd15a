import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidModelError } from "../errors/mme-errors.js";
import { REPO_ROOT } from "../process/repo-root.js";
import { assertValidModel } from "./assert-valid-model.js";
import { tritonLayout } from "./triton-layout.js";
import { validateModelDirectory } from "./validate-model-directory.js";

const ADD_SUB = join(REPO_ROOT, "model_registry/add_sub");

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "mme-triton-test-"));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of add_sub under scratch, named `name`. */
async function addSubCopy(name = "add_sub"): Promise<string> {
  const dir = join(scratch, name);
  await cp(ADD_SUB, dir, { recursive: true });
  return dir;
}

describe("validateModelDirectory", () => {
  it("accepts model_registry/add_sub with its config and versions", async () => {
    const report = await validateModelDirectory(ADD_SUB);
    expect(report.problems).toEqual([]);
    expect(report.modelName).toBe("add_sub");
    expect(report.versions).toEqual([1]);
    expect(report.config?.backend).toBe("python");
  });

  it("accepts a repository holding exactly one model folder (an extracted tarball)", async () => {
    await addSubCopy();
    expect(await tritonLayout(scratch)).toEqual({
      kind: "folder",
      modelDir: join(scratch, "add_sub"),
      members: ["add_sub"],
    });
    const report = await validateModelDirectory(scratch);
    expect(report.problems).toEqual([]);
    expect(report.modelName).toBe("add_sub");
    expect(report.dir).toBe(join(scratch, "add_sub"));
  });

  it("reports a missing directory", async () => {
    const report = await validateModelDirectory(join(scratch, "nope"));
    expect(report.problems).toEqual([
      { file: "nope", message: `model directory not found: ${join(scratch, "nope")}` },
    ]);
  });

  it("reports a directory without config.pbtxt", async () => {
    const dir = await addSubCopy();
    await rm(join(dir, "config.pbtxt"));
    const report = await validateModelDirectory(dir);
    expect(report.problems).toEqual([
      {
        file: "add_sub/config.pbtxt",
        message: "config.pbtxt is missing (every Triton model folder needs one)",
      },
    ]);
  });

  it("reports a broken config.pbtxt with its line and column", async () => {
    const dir = await addSubCopy();
    await writeFile(
      join(dir, "config.pbtxt"),
      `name: "add_sub"\nbackend: "python"\ninput [\n  { name: "INPUT0" dims: [4 }\n]\n`,
    );
    const report = await validateModelDirectory(dir);
    expect(report.problems).toEqual([
      {
        file: "add_sub/config.pbtxt",
        line: 4,
        column: 29,
        message: `expected ',' or ']' in the list "dims", found '}'`,
      },
    ]);
    expect(report.config).toBeUndefined();
    await expect(assertValidModel(dir)).rejects.toThrow(
      `add_sub is not a valid Triton model: add_sub/config.pbtxt:4:29: expected ',' or ']' in the list "dims", found '}'`,
    );
  });

  it("reports an unknown backend at its line", async () => {
    const dir = await addSubCopy();
    await writeFile(join(dir, "config.pbtxt"), `name: "add_sub"\nbackend: "pytorh"\n`);
    const report = await validateModelDirectory(dir);
    expect(report.problems).toEqual([
      {
        file: "add_sub/config.pbtxt",
        line: 2,
        column: 10,
        message: `unknown backend "pytorh" (known: onnxruntime, python, pytorch, tensorrt, tensorflow, openvino)`,
      },
    ]);
  });

  it("reports an unknown platform and a config with neither platform nor backend", async () => {
    const dir = await addSubCopy();
    await writeFile(join(dir, "config.pbtxt"), `platform: "onnx"\n`);
    expect((await validateModelDirectory(dir)).problems).toEqual([
      {
        file: "add_sub/config.pbtxt",
        line: 1,
        column: 11,
        message: `unknown platform "onnx" (known: onnxruntime_onnx, pytorch_libtorch, tensorrt_plan, tensorflow_savedmodel, tensorflow_graphdef, ensemble)`,
      },
    ]);
    await writeFile(join(dir, "config.pbtxt"), `max_batch_size: 0\n`);
    expect((await validateModelDirectory(dir)).problems).toEqual([
      {
        file: "add_sub/config.pbtxt",
        message: `neither "backend" nor "platform" is set (for example backend: "python")`,
      },
    ]);
  });

  it("reports an empty version folder and a missing one", async () => {
    const dir = await addSubCopy();
    await rm(join(dir, "1", "model.py"));
    expect((await validateModelDirectory(dir)).problems).toEqual([
      { file: "add_sub/1/", message: "version folder is empty: a python model needs model.py in it" },
    ]);
    await rm(join(dir, "1"), { recursive: true });
    await mkdir(join(dir, "v1"));
    expect((await validateModelDirectory(dir)).problems).toEqual([
      {
        file: "add_sub/",
        message:
          "no version folder: a model needs at least one numbered folder such as add_sub/1/ (v1/ is not a version folder)",
      },
    ]);
  });

  it("reports the wrong model file in a version folder", async () => {
    const dir = await addSubCopy();
    await mkdir(join(dir, "2"));
    await writeFile(join(dir, "2", "model.onnx"), "not used");
    const report = await validateModelDirectory(dir);
    expect(report.versions).toEqual([1, 2]);
    expect(report.problems).toEqual([
      {
        file: "add_sub/2/model.py",
        message: "missing model.py: a python model needs it in every version folder",
      },
    ]);
  });

  it("reports a name that differs from the folder", async () => {
    const dir = await addSubCopy("add_sub_v2");
    const report = await validateModelDirectory(dir);
    expect(report.problems).toEqual([
      {
        file: "add_sub_v2/config.pbtxt",
        line: 2,
        column: 7,
        message: `name "add_sub" does not match the folder name "add_sub_v2"`,
      },
    ]);
  });

  it("reports several problems at once, config and layout together", async () => {
    const dir = await addSubCopy("adder");
    await writeFile(
      join(dir, "config.pbtxt"),
      [
        `name: "add_sub"`,
        `backend: "python"`,
        `max_batch_size: -4`,
        `input { name: "INPUT0" data_type: TYPE_FLOAT dims: [4] }`,
        `input { name: "INPUT0" data_type: TYPE_FP32 dims: [-3] }`,
        `output { name: "OUTPUT0" data_type: TYPE_FP32 dims: [4] }`,
      ].join("\n"),
    );
    await rm(join(dir, "1", "model.py"));
    await writeFile(join(dir, "1", "model.onnx"), "");
    const report = await validateModelDirectory(dir);
    expect(
      report.problems.map((p) => `${p.file}:${p.line ?? "-"}:${p.column ?? "-"} ${p.message.split(" (")[0]}`),
    ).toEqual([
      "adder/config.pbtxt:3:17 max_batch_size must be 0",
      `adder/config.pbtxt:4:35 input "INPUT0": unknown data_type TYPE_FLOAT`,
      `adder/config.pbtxt:5:15 input "INPUT0": another input is already named "INPUT0"`,
      `adder/config.pbtxt:5:52 input "INPUT0": dims must be -1`,
      `adder/config.pbtxt:1:7 name "add_sub" does not match the folder name "adder"`,
      "adder/1/model.py:-:- missing model.py: a python model needs it in every version folder",
    ]);
    const error = await assertValidModel(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as InvalidModelError).problems).toHaveLength(6);
  });

  it("reports a repository that holds several models", async () => {
    await addSubCopy("a");
    await addSubCopy("b");
    const report = await validateModelDirectory(scratch);
    expect(report.problems).toEqual([
      {
        file: report.modelName,
        message:
          "holds 2 model folders (a, b) and no ensemble; Triton would serve whichever it lists last: one model folder per tarball, or add the ensemble that uses them",
      },
    ]);
  });

  it("checks the file each backend needs, honouring default_model_filename", async () => {
    const dir = join(scratch, "classifier");
    await mkdir(join(dir, "1"), { recursive: true });
    await writeFile(
      join(dir, "config.pbtxt"),
      `platform: "onnxruntime_onnx"\ndefault_model_filename: "resnet.onnx"\n`,
    );
    await writeFile(join(dir, "1", "model.onnx"), "");
    expect((await validateModelDirectory(dir)).problems).toEqual([
      {
        file: "classifier/1/resnet.onnx",
        message: "missing resnet.onnx: a onnxruntime model needs it in every version folder",
      },
    ]);
    await writeFile(join(dir, "1", "resnet.onnx"), "");
    expect((await validateModelDirectory(dir)).problems).toEqual([]);
  });
});
