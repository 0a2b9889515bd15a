// One layout rule, Triton's (sagemaker_server.cc): a tarball's model is its top (config.pbtxt there), its
// one folder, or the ensemble among several folders; several folders without one ensemble do not load.
// For each layout, `mme validate-model`, `mme add-model`, `mme doctor` and the emulator give one verdict.
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { LOCAL_PROFILE } from "@mme/core";
import { addSubEnsembleModels, writeAddSubEnsemble } from "@mme/model-registry";
import { create as createTar } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalEmulator, REPO_ROOT, startLocalEmulator } from "../test-support/local-emulator.js";

const ADD_SUB = join(REPO_ROOT, "model_registry", "add_sub");
const ADD_SUB_PRINTED = "OUTPUT0 FP32 [4]: 5 5 5 5\nOUTPUT1 FP32 [4]: -3 -1 1 3\n";
/** The ensemble doubles both inputs: [1,2,3,4] and [4,3,2,1]. */
const ENSEMBLE_PRINTED = "OUTPUT0 FP32 [4]: 2 4 6 8\nOUTPUT1 FP32 [4]: 8 6 4 2\n";

let local: LocalEmulator;
let work: string;
let s3: S3Client;

beforeAll(async () => {
  local = await startLocalEmulator();
  work = await mkdtemp(join(tmpdir(), "mme-layouts-"));
  s3 = new S3Client({
    region: LOCAL_PROFILE.region,
    endpoint: local.emulator.s3Url,
    forcePathStyle: true,
    credentials: LOCAL_PROFILE.credentials,
  });
});
afterAll(async () => {
  s3?.destroy();
  await local?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function tarball(name: string, cwd: string, entries: string[]): Promise<string> {
  const file = join(work, name);
  await createTar({ gzip: true, file, cwd, portable: true }, entries);
  return file;
}

async function upload(file: string, key: string): Promise<void> {
  const Key = `models/${key}`;
  await s3.send(new PutObjectCommand({ Bucket: LOCAL_PROFILE.bucketName, Key, Body: await readFile(file) }));
}

interface TarballVerdict {
  targetModel: string;
  valid: boolean;
  problems: { message: string }[];
}

/** doctor's verdict on one tarball under the prefix. */
async function doctorVerdict(targetModel: string): Promise<TarballVerdict | undefined> {
  const run = await local.mme(["doctor", "--json"]);
  const report = JSON.parse(run.stdout) as {
    checks: { id: string; data?: { tarballs?: TarballVerdict[] } }[];
  };
  const tarballs = report.checks.find((c) => c.id === "tarballs")?.data?.tarballs ?? [];
  return tarballs.find((t) => t.targetModel === targetModel);
}

describe("one layout rule for validate-model, add-model, doctor and the emulator", () => {
  it("one model folder", async () => {
    const dir = join(work, "folder");
    await cp(ADD_SUB, join(dir, "add_sub"), { recursive: true });
    expect((await local.mme(["validate-model", dir])).code).toBe(0);
    const added = await local.mme(["add-model", dir, "layout_folder_v0.tar.gz"]);
    expect(added.code, added.stderr).toBe(0);
    expect(await doctorVerdict("layout_folder_v0.tar.gz")).toMatchObject({ valid: true });
    expect(await local.mme(["call-model", "layout_folder_v0.tar.gz"])).toMatchObject({
      code: 0,
      stdout: ADD_SUB_PRINTED,
    });
  });

  it("config.pbtxt at the top of the tarball", async () => {
    const file = await tarball("top.tar.gz", ADD_SUB, ["config.pbtxt", "1"]);
    expect(await local.mme(["validate-model", file])).toMatchObject({ code: 0 });
    // add-model takes a folder with config.pbtxt at its top too.
    const added = await local.mme(["add-model", ADD_SUB, "layout_top_dir_v0.tar.gz"]);
    expect(added.code, added.stderr).toBe(0);
    await upload(file, "layout_top_v0.tar.gz");
    expect(await doctorVerdict("layout_top_v0.tar.gz")).toMatchObject({ valid: true });
    for (const target of ["layout_top_v0.tar.gz", "layout_top_dir_v0.tar.gz"]) {
      expect(await local.mme(["call-model", target])).toMatchObject({ code: 0, stdout: ADD_SUB_PRINTED });
    }
  });

  it("several model folders, one of them an ensemble", async () => {
    const repository = await writeAddSubEnsemble(join(work, "ensemble"));
    expect(await local.mme(["validate-model", repository])).toMatchObject({ code: 0 });
    const added = await local.mme(["add-model", repository, "layout_ensemble_v0.tar.gz"]);
    expect(added.code, added.stderr).toBe(0);
    const file = await tarball(
      "ensemble.tar.gz",
      repository,
      (await addSubEnsembleModels()).map((m) => m.name),
    );
    expect(await local.mme(["validate-model", file])).toMatchObject({ code: 0 });
    expect(await doctorVerdict("layout_ensemble_v0.tar.gz")).toMatchObject({ valid: true });
    expect(await local.mme(["call-model", "layout_ensemble_v0.tar.gz"])).toMatchObject({
      code: 0,
      stdout: ENSEMBLE_PRINTED,
    });
  });

  it("several model folders without an ensemble: refused by all four", async () => {
    const dir = join(work, "two");
    await cp(ADD_SUB, join(dir, "a"), { recursive: true });
    await cp(ADD_SUB, join(dir, "b"), { recursive: true });
    const problem =
      /holds 2 model folders \(a, b\) and no ensemble; Triton would serve whichever it lists last/;
    const validated = await local.mme(["validate-model", dir]);
    expect(validated.code).toBe(1);
    expect(validated.stdout + validated.stderr).toMatch(problem);
    const added = await local.mme(["add-model", dir, "layout_two_v0.tar.gz"]);
    expect(added.code).toBe(1);
    expect(added.stderr).toMatch(problem);

    await upload(await tarball("two.tar.gz", dir, ["a", "b"]), "layout_two_v0.tar.gz");
    const verdict = await doctorVerdict("layout_two_v0.tar.gz");
    expect(verdict).toMatchObject({ valid: false });
    expect(verdict?.problems[0]?.message).toMatch(problem);
    const called = await local.mme(["call-model", "layout_two_v0.tar.gz"]);
    expect(called.code).toBe(1);
    expect(called.stderr).toMatch(/^ModelError: .*holds 2 model folders \(a, b\) and no ensemble/);
  });
});
