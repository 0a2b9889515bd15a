import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkColdLoadRetries, readRetrySettings } from "./check-cold-load-retries.js";
import type { TarballScan } from "./scan-tarballs.js";

const GB = 1e9;
const model = (targetModel: string, bytes: number, unpackedBytes: number): TarballScan => ({
  targetModel,
  uri: `s3://b/models/${targetModel}`,
  bytes,
  unpackedBytes,
  problems: [],
});
// 5 GB download (100 s) + 8 GB load (40 s): about 140 s, more than one 60 s budget, less than three.
const scans = [model("small_v1.tar.gz", 1e6, 2e6), model("llm_v1.tar.gz", 5 * GB, 8 * GB)];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mme-retry-settings-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function configFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("readRetrySettings", () => {
  it("takes AWS_RETRY_MODE and AWS_MAX_ATTEMPTS over the config file", async () => {
    const file = await configFile("env-wins", "[default]\nretry_mode = legacy\nmax_attempts = 9\n");
    const settings = await readRetrySettings({
      AWS_CONFIG_FILE: file,
      AWS_RETRY_MODE: "standard",
      AWS_MAX_ATTEMPTS: "4",
    });
    expect(settings).toEqual({ mode: "standard", maxAttempts: 4, source: "AWS_RETRY_MODE/AWS_MAX_ATTEMPTS" });
  });

  it("reads retry_mode and max_attempts from AWS_PROFILE's section of the config file", async () => {
    const file = await configFile(
      "profile",
      "[default]\nretry_mode = standard\n\n[profile ml]\nretry_mode = legacy\nmax_attempts = 2\n",
    );
    const settings = await readRetrySettings({ AWS_CONFIG_FILE: file, AWS_PROFILE: "ml" });
    expect(settings).toEqual({ mode: "legacy", maxAttempts: 2, source: "profile ml of the AWS config file" });
  });

  it("reports nothing set when neither sets anything", async () => {
    const settings = await readRetrySettings({ AWS_CONFIG_FILE: join(dir, "missing") });
    expect(settings).toEqual({ source: "no retry settings (each SDK's defaults)" });
  });
});

describe("checkColdLoadRetries", () => {
  it("warns that boto3 in standard mode surfaces a cold load past the budget, whatever its attempts", () => {
    const result = checkColdLoadRetries({ mode: "standard", maxAttempts: 10, source: "env" }, scans);
    expect(result.status).toBe("warn");
    expect(result.summary).toBe(
      "a cold load of llm_v1.tar.gz (4.7 GiB, 7.5 GiB unpacked) takes about 140 s (estimated), the wait budget is 60 s: boto3 / AWS CLI (botocore) would surface it as ModelNotReadyException (env)",
    );
    expect(result.fix).toMatch(/AWS_RETRY_MODE=legacy/);
  });

  it("passes with each SDK's defaults: botocore's legacy 5 attempts and the JS SDK's 3 cover 140 s", () => {
    const result = checkColdLoadRetries({ source: "defaults" }, scans);
    expect(result.status).toBe("pass");
    expect(result.details).toEqual([
      "boto3 / AWS CLI (botocore), legacy mode, 5 attempts: retries ModelNotReadyException, waits out about 300 s",
      "AWS SDK for JavaScript v3 (and mme), standard mode, 3 attempts: retries ModelNotReadyException, waits out about 180 s",
    ]);
  });

  it("asks for more attempts when retrying clients give up before the load ends", () => {
    const result = checkColdLoadRetries({ mode: "legacy", maxAttempts: 2, source: "env" }, scans);
    expect(result.status).toBe("warn");
    expect(result.summary).toMatch(
      /boto3 \/ AWS CLI \(botocore\) and AWS SDK for JavaScript v3 \(and mme\) would surface it/,
    );
    expect(result.fix).toBe("raise AWS_MAX_ATTEMPTS to 4 or more, or warm the model before traffic");
  });

  it("skips without a valid model", () => {
    expect(checkColdLoadRetries({ source: "env" }, []).status).toBe("skip");
  });
});
