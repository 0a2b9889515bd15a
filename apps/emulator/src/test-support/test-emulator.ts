// Starts a real emulator (embedded S3 included) on free loopback ports with its data under os.tmpdir().
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { createS3Client, LOCAL_PROFILE } from "@mme/core";
import { pino } from "pino";
import { type EmulatorConfig, loadConfig } from "../config/emulator-config.js";
import { declareEndpoint } from "../control-plane/declare-endpoint.js";
import type { EndpointRecord } from "../control-plane/records.js";
import { type RunningEmulator, type StartOptions, startEmulator } from "../lifecycle/start-emulator.js";
import { type ContainerMode, type ModeContainer, startModeContainer } from "./container-modes.js";

export interface TestEmulator extends RunningEmulator {
  dataDir: string;
  /** Where the endpoints' models run: in-process, or @mme/runtime over HTTP (the default container). */
  container: ModeContainer;
  s3Client: ReturnType<typeof createS3Client>;
  /** A SageMaker Runtime client for this emulator, one attempt per call; stop() destroys it. */
  runtimeClient(): SageMakerRuntimeClient;
  /** An InService multi-model endpoint (cache enabled, variant AllTraffic) over an S3 prefix. */
  declareMultiModelEndpoint(
    name: string,
    modelDataUrl: string,
    environment?: Record<string, string>,
  ): Promise<EndpointRecord>;
  stop(): Promise<void>;
}

export async function startTestEmulator(
  overrides: Partial<EmulatorConfig> = {},
  options: StartOptions = {},
  mode: ContainerMode = "in-process",
): Promise<TestEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), "mme-emulator-test-"));
  const container = await startModeContainer(mode);
  const config: EmulatorConfig = {
    ...loadConfig([], {}),
    port: 0,
    s3Port: 0,
    dataDir,
    createDelayMs: 200,
    seed: false,
    defaultEndpoint: false,
    ...container.config,
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
  const runtimeClients: SageMakerRuntimeClient[] = [];
  return {
    ...emulator,
    dataDir,
    container,
    s3Client,
    runtimeClient: () => {
      const client = new SageMakerRuntimeClient({
        endpoint: emulator.url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
      runtimeClients.push(client);
      return client;
    },
    declareMultiModelEndpoint: (name, modelDataUrl, environment = {}) =>
      declareEndpoint(emulator.plane, {
        EndpointName: name,
        ModelDataUrl: modelDataUrl,
        Mode: "MultiModel",
        ModelCacheSetting: "Enabled",
        VariantName: "AllTraffic",
        Environment: environment,
      }),
    stop: async () => {
      for (const client of runtimeClients) client.destroy();
      s3Client.destroy();
      await emulator.close();
      await container.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_CREDENTIALS = LOCAL_PROFILE.credentials;
