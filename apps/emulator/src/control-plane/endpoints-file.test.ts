import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "@mme/core";
import { afterAll, describe, expect, it } from "vitest";
import { readEndpointsFile } from "./endpoints-file.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function fileWith(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mme-endpoints-file-"));
  dirs.push(dir);
  const path = join(dir, "endpoints.json");
  await writeFile(path, content);
  return path;
}

describe("readEndpointsFile", () => {
  it("fills the defaults of a declared endpoint", async () => {
    const path = await fileWith(
      JSON.stringify({ endpoints: [{ EndpointName: "a", ModelDataUrl: "s3://bkt/p/" }] }),
    );
    expect(await readEndpointsFile(path)).toEqual([
      {
        EndpointName: "a",
        ModelDataUrl: "s3://bkt/p/",
        Mode: "MultiModel",
        ModelCacheSetting: "Enabled",
        Environment: {},
        VariantName: "AllTraffic",
      },
    ]);
  });

  it("names the bad member of an invalid file", async () => {
    const path = await fileWith(
      JSON.stringify({ endpoints: [{ EndpointName: "bad_name", ModelDataUrl: "s3://bkt/" }] }),
    );
    await expect(readEndpointsFile(path)).rejects.toThrow(UsageError);
    await expect(readEndpointsFile(path)).rejects.toThrow(/endpoints\.0\.EndpointName/);
    await expect(readEndpointsFile(await fileWith("{not json"))).rejects.toThrow(
      /Cannot read endpoints file/,
    );
  });
});
