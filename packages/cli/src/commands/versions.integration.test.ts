import { ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeModel } from "../test-support/model-fixtures.js";
import { runMme } from "../test-support/run-mme.js";
import {
  S3RVER_CREDENTIALS,
  type S3rverServer,
  s3rverEnv,
  startS3rver,
} from "../test-support/s3rver-server.js";

const BUCKET = "mme-models";
let s3rver: S3rverServer;
let s3: S3Client;
beforeAll(async () => {
  s3rver = await startS3rver([BUCKET]);
  s3 = createS3Client({ region: "us-east-1", endpoint: s3rver.url, credentials: S3RVER_CREDENTIALS });
});
afterAll(async () => {
  s3?.destroy();
  await s3rver?.stop();
});

const envFor = (prefix: string) => s3rverEnv(s3rver, `s3://${BUCKET}/${prefix}/`);

const put = (Key: string, Body = "x") => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));

async function keysUnder(prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

describe("model versions on s3rver", () => {
  it("adds the next free version in either layout and never overwrites", async () => {
    const env = envFor("next");
    const { dir } = await writeModel();
    const first = await runMme(["add-model", "--next-version", dir, "add_sub", "--json"], { env });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      targetModel: "add_sub_v1.tar.gz",
      family: "add_sub",
      version: 1,
      overwritten: false,
    });
    // A gap and a foreign layout of the same family: the next number is above the highest.
    await put("next/add_sub_v7.tar.gz");
    await put("next/add_sub/9.tar.gz");
    const second = await runMme(["add-model", "--next-version", dir, "add_sub"], { env });
    expect(second.stdout).toBe(`s3://${BUCKET}/next/add_sub_v10.tar.gz\n`);
    const folder = await runMme(["add-model", "--next-version", dir, "team/resnet/"], { env });
    expect(folder.stdout).toBe(`s3://${BUCKET}/next/team/resnet/1.tar.gz\n`);
    // An existing folder-layout family keeps its layout without the trailing slash.
    const again = await runMme(["add-model", "--next-version", dir, "team/resnet"], { env });
    expect(again.stdout).toBe(`s3://${BUCKET}/next/team/resnet/2.tar.gz\n`);
    expect(await keysUnder("next/")).toEqual([
      "next/add_sub/9.tar.gz",
      "next/add_sub_v1.tar.gz",
      "next/add_sub_v10.tar.gz",
      "next/add_sub_v7.tar.gz",
      "next/team/resnet/1.tar.gz",
      "next/team/resnet/2.tar.gz",
    ]);
    const key = await runMme(["add-model", "--next-version", dir, "add_sub_v2.tar.gz"], { env });
    expect(key.code).toBe(1);
    expect(key.stderr).toMatch(/^TarballNameError: "add_sub_v2\.tar\.gz" is a key, not a family: /);
    expect((await runMme(["add-model", "--next-version", dir, "add_sub_v2"], { env })).code).toBe(1);
    const forced = await runMme(["add-model", "--next-version", "--force", dir, "add_sub"], { env });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toBe("UsageError: --next-version never overwrites: drop --force\n");
  });

  it("lists families newest first, unversioned keys apart", async () => {
    const env = envFor("listed");
    for (const key of ["a_v1", "a_v2", "a_v10", "b/1", "b/3", "plain", "team/c_v4"])
      await put(`listed/${key}.tar.gz`);
    const listed = await runMme(["list-models", "--versions", "--json"], { env });
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as {
      families: { family: string; versions: { targetModel: string; version: number }[] }[];
      unversioned: { targetModel: string }[];
    };
    expect(json.families.map((f) => [f.family, f.versions.map((v) => v.targetModel)])).toEqual([
      ["a", ["a_v10.tar.gz", "a_v2.tar.gz", "a_v1.tar.gz"]],
      ["b", ["b/3.tar.gz", "b/1.tar.gz"]],
      ["team/c", ["team/c_v4.tar.gz"]],
    ]);
    expect(json.unversioned.map((m) => m.targetModel)).toEqual(["plain.tar.gz"]);
    const human = (await runMme(["list-models", "--versions"], { env })).stdout.split("\n");
    expect(human[0]).toBe("a (3 versions)");
    expect(human[1]).toMatch(/^ {2}v10 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+1\s+a_v10\.tar\.gz$/);
    expect(human).toContain("unversioned");
  });

  it("prunes older versions under the prefix only, after a dry run and a confirmation", async () => {
    const env = envFor("pruned");
    const inside = ["a_v1", "a_v2", "a_v3", "b/1", "b/2", "c_v5", "notes"].map((k) => `pruned/${k}.tar.gz`);
    // Outside the prefix: the same names in a sibling folder that shares the prefix's first letters.
    const outside = ["pruned-old/a_v1.tar.gz", "other/a_v1.tar.gz"];
    for (const key of [...inside, ...outside]) await put(key);

    const dry = await runMme(["prune", "--keep", "1", "--dry-run", "--json"], { env });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      dryRun: true,
      keep: 1,
      removed: [
        `s3://${BUCKET}/pruned/a_v2.tar.gz`,
        `s3://${BUCKET}/pruned/a_v1.tar.gz`,
        `s3://${BUCKET}/pruned/b/1.tar.gz`,
      ],
    });
    expect(await keysUnder("pruned")).toHaveLength(inside.length + 1);

    const refused = await runMme(["prune", "--keep", "1"], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^UsageError: prune deletes model tarballs: pass --yes/);
    const declined = await runMme(["prune", "--keep", "1"], { env, interactive: true, answer: false });
    expect(declined.stderr).toContain("nothing deleted");
    expect(await keysUnder("pruned/")).toHaveLength(inside.length);

    const one = await runMme(["prune", "b", "--keep", "1", "--yes"], { env });
    expect(one.stdout).toBe(`deleted  s3://${BUCKET}/pruned/b/1.tar.gz\n`);
    const confirmed = await runMme(["prune", "--keep", "2"], { env, interactive: true, answer: true });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stderr).toContain(`will delete:\n  s3://${BUCKET}/pruned/a_v1.tar.gz (1 bytes)`);
    expect(confirmed.stdout).toBe(`deleted  s3://${BUCKET}/pruned/a_v1.tar.gz\n`);

    expect(await keysUnder("pruned/")).toEqual([
      "pruned/a_v2.tar.gz",
      "pruned/a_v3.tar.gz",
      "pruned/b/2.tar.gz",
      "pruned/c_v5.tar.gz",
      "pruned/notes.tar.gz",
    ]);
    expect(await keysUnder("pruned-old/")).toEqual(["pruned-old/a_v1.tar.gz"]);
    expect(await keysUnder("other/")).toEqual(["other/a_v1.tar.gz"]);
    const nothing = await runMme(["prune", "--keep", "2"], { env });
    expect(nothing.stdout).toBe(
      `nothing to prune: no family under s3://${BUCKET}/pruned/ has more than 2 version(s)\n`,
    );
    const bad = await runMme(["prune", "--keep", "0"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('UsageError: --keep must be a whole number of at least 1, got "0"\n');
  });
});
