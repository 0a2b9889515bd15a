import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create } from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidModelError } from "../errors/mme-errors.js";
import { REPO_ROOT } from "../process/repo-root.js";
import { assertValidModel, validateModel } from "./assert-valid-model.js";
import { validateModelTarball } from "./validate-model-tarball.js";

const ADD_SUB = join(REPO_ROOT, "model_registry/add_sub");

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "mme-tarball-test-"));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Packs add_sub the way SageMaker expects: the top folder is the model. */
async function packAddSub(file: string): Promise<string> {
  await create({ gzip: true, file, cwd: dirname(ADD_SUB) }, ["add_sub"]);
  return file;
}

/** Writes a .tar.gz with Python's tarfile, which can write the hostile entries node-tar refuses to create. */
function pythonTarball(file: string, script: string): string {
  const program = `import io, sys, tarfile
tar = tarfile.open(sys.argv[1], "w:gz")
def add(name, data=b"", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name); info.type = kind; info.linkname = link; info.size = len(data)
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
add("add_sub/config.pbtxt", open(sys.argv[2] + "/config.pbtxt", "rb").read())
add("add_sub/1/model.py", open(sys.argv[2] + "/1/model.py", "rb").read())
${script}
tar.close()
`;
  execFileSync("python3", ["-c", program, file, ADD_SUB]);
  return file;
}

/** Temp folders validation left behind. */
async function leftovers(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("mme-validate-"));
}

describe("validateModelTarball", () => {
  it("accepts a packed add_sub and cleans its temp folder", async () => {
    const before = await leftovers();
    const file = await packAddSub(join(scratch, "add_sub_v0.tar.gz"));
    const report = await validateModelTarball(file);
    expect(report).toMatchObject({ modelName: "add_sub", dir: file, versions: [1], problems: [] });
    expect(report.config?.inputs.map((i) => i.name)).toEqual(["INPUT0", "INPUT1"]);
    expect(await leftovers()).toEqual(before);
    expect((await assertValidModel(file)).modelName).toBe("add_sub");
  });

  it("refuses entries that escape the folder, absolute paths and links that point out (the emulator's policy), keeps a link inside, and still checks the rest", async () => {
    const file = pythonTarball(
      join(scratch, "evil.tar.gz"),
      `add("../escape.txt", b"x")
add("/etc/evil", b"x")
add("add_sub/1/link.py", kind=tarfile.SYMTYPE, link="/etc/passwd")
add("add_sub/1/hard", kind=tarfile.LNKTYPE, link="add_sub/1/model.py")`,
    );
    const report = await validateModelTarball(file);
    expect(report.problems).toEqual([
      { file: "evil.tar.gz", message: `entry "../escape.txt" would be written outside the model folder` },
      { file: "evil.tar.gz", message: `entry "/etc/evil" would be written outside the model folder` },
      {
        file: "evil.tar.gz",
        message: `link "add_sub/1/link.py" → "/etc/passwd" points outside the model folder`,
      },
    ]);
    expect(report.modelName).toBe("add_sub");
    expect(report.versions).toEqual([1]);
    expect((await readdir(scratch)).sort()).toEqual(["evil.tar.gz"]);
  });

  it("reports the problems of the model inside with archive paths", async () => {
    const file = pythonTarball(join(scratch, "two.tar.gz"), `add("add_sub/2/", kind=tarfile.DIRTYPE)`);
    expect((await validateModelTarball(file)).problems).toEqual([
      { file: "add_sub/2/", message: "version folder is empty: a python model needs model.py in it" },
    ]);
  });

  it("accepts model files at the top of the archive, as Triton's SageMaker front end loads them", async () => {
    const file = join(scratch, "flat.tar.gz");
    await create({ gzip: true, file, cwd: ADD_SUB }, ["config.pbtxt", "1"]);
    const report = await validateModelTarball(file);
    expect(report.problems).toEqual([]);
    expect(report.config?.backend).toBe("python");
  });

  it("names files at the top of the archive without a folder", async () => {
    const folder = join(scratch, "flat2");
    await cp(ADD_SUB, folder, { recursive: true });
    await mkdir(join(folder, "2"));
    const file = join(scratch, "flat2.tar.gz");
    await create({ gzip: true, file, cwd: folder }, ["config.pbtxt", "1", "2"]);
    expect((await validateModelTarball(file)).problems).toEqual([
      { file: "2/", message: "version folder is empty: a python model needs model.py in it" },
    ]);
  });

  it("reports a corrupt archive, an empty one and a missing one in one line each", async () => {
    const corrupt = join(scratch, "corrupt.tar.gz");
    await writeFile(corrupt, "this is not gzip at all, just text that goes on for a while ".repeat(20));
    const corruptReport = await validateModelTarball(corrupt);
    expect(corruptReport.problems).toHaveLength(1);
    expect(corruptReport.problems[0]!.message).toMatch(/^cannot read the archive: [^\n]+$/);

    const empty = join(scratch, "empty.tar.gz");
    execFileSync("python3", ["-c", `import tarfile,sys; tarfile.open(sys.argv[1], "w:gz").close()`, empty]);
    expect((await validateModelTarball(empty)).problems).toEqual([
      { file: "empty.tar.gz", message: "cannot read the archive: it is empty or not a tar archive" },
    ]);

    const missing = join(scratch, "missing.tar.gz");
    expect((await validateModelTarball(missing)).problems).toEqual([
      { file: "missing.tar.gz", message: `tarball not found: ${missing}` },
    ]);
  });

  it("stops at the entry limit", async () => {
    const file = await packAddSub(join(scratch, "add_sub.tar.gz"));
    const report = await validateModelTarball(file, { maxEntries: 2, maxBytes: 1e9 });
    expect(report.problems[0]).toEqual({
      file: "add_sub.tar.gz",
      message: "archive has more than 2 entries; extraction stopped",
    });
  });
});

describe("validateModel / assertValidModel", () => {
  it("tells tarballs from folders and throws every problem", async () => {
    const file = pythonTarball(join(scratch, "bad.tar.gz"), `add("add_sub/3/model.onnx", b"x")`);
    expect((await validateModel(file)).problems).toEqual([
      {
        file: "add_sub/3/model.py",
        message: "missing model.py: a python model needs it in every version folder",
      },
    ]);
    const error = await assertValidModel(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as Error).message).toBe(
      "add_sub is not a valid Triton model: add_sub/3/model.py: missing model.py: a python model needs it in every version folder",
    );
    expect((await validateModel(ADD_SUB)).problems).toEqual([]);
  });
});
