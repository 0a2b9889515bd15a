import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SettingsError } from "../errors/index.js";
import { loadSettings } from "./load-settings.js";
import { LOCAL_EMULATOR_FILE, removeLocalEmulator, writeLocalEmulator } from "./local-emulator.js";
import { LOCAL_PROFILE } from "./local-profile.js";
import { requireSetting } from "./require-setting.js";

async function dirWith(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mme-settings-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

describe("loadSettings", () => {
  it("applies the defaults and derives names and the bucket", async () => {
    const s = await loadSettings({
      env: { MME_MODEL_DATA_URL: "s3://my-bucket/models" },
      cwd: await dirWith(),
    });
    expect(s).toMatchObject({
      endpointName: "sagemaker-poc",
      modelName: "sagemaker-poc-model",
      endpointConfigName: "sagemaker-poc-config",
      instanceType: "ml.g5.xlarge",
      instanceCount: 1,
      variantName: "AllTraffic",
      modelDataUrl: "s3://my-bucket/models/",
      bucketName: "my-bucket",
      local: false,
    });
  });

  it("ranks flags over env over .env over mme.config.json", async () => {
    const cwd = await dirWith({
      "mme.config.json": JSON.stringify({
        endpointName: "from-config",
        instanceType: "ml.c5.xlarge",
        instanceCount: 3,
      }),
      ".env": "MME_ENDPOINT_NAME=from-dotenv\nMME_INSTANCE_TYPE=ml.m5.large\nMME_REGION=eu-west-1\n",
    });
    const env = { MME_ENDPOINT_NAME: "from-env" };
    const s = await loadSettings({ env, cwd });
    expect(s).toMatchObject({
      endpointName: "from-env",
      instanceType: "ml.m5.large",
      instanceCount: 3,
      region: "eu-west-1",
    });
    expect((await loadSettings({ env, cwd, flags: { region: "us-west-2" } })).region).toBe("us-west-2");
    expect(process.env.MME_INSTANCE_TYPE).toBeUndefined();
  });

  it("names the setting and its source for a placeholder, before anything else", async () => {
    const env = { MME_ROLE: "arn:aws:iam::ACCOUNT_ID:role/sagemaker-role" };
    await expect(loadSettings({ env, cwd: await dirWith() })).rejects.toThrow(
      new SettingsError(
        'setting "role" (from environment MME_ROLE) still holds the placeholder ACCOUNT_ID: "arn:aws:iam::ACCOUNT_ID:role/sagemaker-role"; put your real value there',
      ),
    );
    const cwd = await dirWith({
      "mme.config.json": '{"imageUri": "123.dkr.ecr.REGION.amazonaws.com/triton:1"}',
    });
    await expect(loadSettings({ env: {}, cwd })).rejects.toThrow(
      /setting "imageUri" \(from mme.config.json\) .*REGION/,
    );
  });

  it("rejects malformed values with the setting's name", async () => {
    await expect(loadSettings({ env: { MME_ROLE: "my-role" }, cwd: await dirWith() })).rejects.toThrow(
      'setting "role" (from environment MME_ROLE) must be an IAM role ARN',
    );
    await expect(
      loadSettings({ flags: { endpointUrl: "not a url" }, cwd: await dirWith(), env: {} }),
    ).rejects.toThrow(/setting "endpointUrl" \(from --endpoint-url\)/);
    await expect(loadSettings({ env: { MME_INSTANCE_COUNT: "zero" }, cwd: await dirWith() })).rejects.toThrow(
      /setting "instanceCount"/,
    );
    await expect(
      loadSettings({ env: {}, cwd: await dirWith({ "mme.config.json": '{"rol": "x"}' }) }),
    ).rejects.toThrow(/unknown setting "rol"/);
    await expect(loadSettings({ env: {}, cwd: await dirWith({ "mme.config.json": "{" }) })).rejects.toThrow(
      /mme.config.json is not valid JSON/,
    );
  });

  it("--local puts the emulator profile under the flags and MME_* variables", async () => {
    const cwd = await dirWith({
      ".env": "MME_ENDPOINT_URL=https://runtime.sagemaker.us-east-1.amazonaws.com\n",
    });
    const env = { MME_DATA_DIR: await dirWith(), MME_ENDPOINT_NAME: "second", AWS_REGION: "eu-west-1" };
    const s = await loadSettings({
      local: true,
      env,
      flags: { s3EndpointUrl: "http://127.0.0.1:9999" },
      cwd,
    });
    expect(s).toMatchObject({
      local: true,
      endpointUrl: LOCAL_PROFILE.endpointUrl,
      s3EndpointUrl: "http://127.0.0.1:9999",
      region: LOCAL_PROFILE.region,
      bucketName: LOCAL_PROFILE.bucketName,
      endpointName: "second",
      modelName: "second-model",
      endpointConfigName: "second-config",
    });
    const flagged = await loadSettings({ local: true, env, cwd, flags: { endpointName: "third" } });
    expect(flagged).toMatchObject({ endpointName: "third", modelName: "third-model" });
  });

  it("--local follows the running emulator's emulator.json, and ignores a stale one", async () => {
    const dataDir = await dirWith();
    const info = {
      pid: process.pid,
      endpointUrl: "http://127.0.0.1:18080",
      s3EndpointUrl: "http://127.0.0.1:19000",
      region: "us-east-1",
      bucketName: "mme-models",
      modelDataUrl: "s3://mme-models/models/",
      endpointName: "sagemaker-poc",
    };
    await writeLocalEmulator(dataDir, info);
    const env = { MME_DATA_DIR: dataDir };
    const s = await loadSettings({ local: true, env, cwd: await dirWith() });
    expect(s).toMatchObject({ endpointUrl: info.endpointUrl, s3EndpointUrl: info.s3EndpointUrl });

    await writeLocalEmulator(dataDir, { ...info, pid: 2 ** 22 + 1 });
    const stale = await loadSettings({ local: true, env, cwd: await dirWith() });
    expect(stale.endpointUrl).toBe(LOCAL_PROFILE.endpointUrl);
    await removeLocalEmulator(dataDir, 2 ** 22 + 1);
    expect(existsSync(join(dataDir, LOCAL_EMULATOR_FILE))).toBe(false);
  });

  it("requireSetting says where to set a missing value", async () => {
    const s = await loadSettings({ env: {}, cwd: await dirWith() });
    expect(() => requireSetting(s, "role")).toThrow('setting "role" is required here: set MME_ROLE');
  });
});
