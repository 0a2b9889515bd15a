// Starts a real emulator (embedded S3 included) on free loopback ports with its data under os.tmpdir().
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOCAL_PROFILE } from "@mme/core";
import { pino } from "pino";
import { type EmulatorConfig, loadConfig } from "../config/emulator-config.js";
import { type RunningEmulator, type StartOptions, startEmulator } from "../lifecycle/start-emulator.js";
import { createS3Client } from "../s3/s3-client.js";

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
  s3Client: ReturnType<typeof createS3Client>;
  stop(): Promise<void>;
}

export async function startTestEmulator(
  overrides: Partial<EmulatorConfig> = {},
  options: StartOptions = {},
): Promise<TestEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), "mme-emulator-test-"));
  const config: EmulatorConfig = {
    ...loadConfig([], {}),
    port: 0,
    s3Port: 0,
    dataDir,
    createDelayMs: 200,
    seed: false,
    defaultEndpoint: false,
    ...overrides,
  };
  const emulator = await startEmulator(config, {
    logger: pino({ level: process.env.MME_TEST_LOG ?? "silent" }),
    ...options,
  });
  const s3Client = createS3Client({
    endpoint: emulator.s3Url,
    region: "us-east-1",
    credentials: LOCAL_PROFILE.credentials,
  });
  return {
    ...emulator,
    dataDir,
    s3Client,
    stop: async () => {
      s3Client.destroy();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_CREDENTIALS = LOCAL_PROFILE.credentials;
