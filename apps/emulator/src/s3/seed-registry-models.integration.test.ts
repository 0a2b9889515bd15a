// `pnpm start` seeding: registry folders that are valid models are packed and uploaded; a folder whose
// model file is not generated yet (triton-serve-pt before `pnpm models` ran with torch) is left out.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { LOCAL_PROFILE } from "@mme/core";
import { REGISTRY_ROOT } from "@mme/model-registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

let registry: string;
let emulator: TestEmulator;

beforeAll(async () => {
  registry = await mkdtemp(join(tmpdir(), "mme-seed-registry-"));
  await cp(join(REGISTRY_ROOT, "add_sub"), join(registry, "add_sub"), { recursive: true });
  const pt = join(registry, "triton-serve-pt");
  await mkdir(join(pt, "1"), { recursive: true });
  await writeFile(
    join(pt, "config.pbtxt"),
    await readFile(join(REGISTRY_ROOT, "triton-serve-pt", "config.pbtxt"), "utf8"),
  );
  emulator = await startTestEmulator({ seed: true }, { registryDir: registry });
});
afterAll(async () => {
  await emulator?.stop();
  if (registry) await rm(registry, { recursive: true, force: true });
});

describe("seeding the registry", () => {
  it("uploads the valid models and leaves out triton-serve-pt until its model.pt exists", async () => {
    const listed = await emulator.s3Client.send(
      new ListObjectsV2Command({ Bucket: LOCAL_PROFILE.bucketName, Prefix: "models/" }),
    );
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(["models/add_sub_v0.tar.gz"]);
  });
});
