// The emulator in-process, for the CLI's end-to-end tests against a real SageMaker Runtime + control plane
// + S3. They live here, in the emulator (which has @mme/cli as a devDependency), so that imports point
// one way: the CLI's own tests never reach into the emulator.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunMmeOptions, runMme } from "@mme/cli/test-support";
import { LOCAL_PROFILE } from "@mme/core";
import { REPO_ROOT } from "@mme/core/process";
import { smallImageModel, writeModelFolder } from "@mme/model-registry";
import { loadConfig } from "../config/emulator-config.js";
import { type RunningEmulator, startEmulator } from "../lifecycle/start-emulator.js";

export { REPO_ROOT };

/** An endpoint the emulator creates at start-up (its --config file format). */
export interface ExtraEndpoint {
  EndpointName: string;
  ModelDataUrl: string;
  Mode?: "MultiModel" | "SingleModel";
}

export interface LocalEmulator {
  emulator: RunningEmulator;
  /** Flags that point `mme --local` at this emulator's ephemeral ports. */
  localFlags: string[];
  /** `mme <argv> --local --endpoint-url … --s3-endpoint-url …`, in-process. */
  mme(argv: string[], options?: RunMmeOptions): ReturnType<typeof runMme>;
  /** Settings as environment variables for runs without --local (other endpoint names). */
  env(overrides?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * An emulator as `pnpm start` runs it (embedded S3, the ready `sagemaker-poc` endpoint, seeded models),
 * but on free loopback ports with its data under os.tmpdir(). The seed registry holds add_sub (Python
 * backend, from model_registry/) and small_image (generated), published as `<name>_v0.tar.gz`.
 */
export async function startLocalEmulator(endpoints: ExtraEndpoint[] = []): Promise<LocalEmulator> {
  const dataDir = await mkdtemp(join(tmpdir(), "mme-cli-emulator-"));
  const configFile = join(dataDir, "endpoints.json");
  await writeFile(configFile, JSON.stringify({ endpoints }));
  const registryDir = join(dataDir, "registry");
  await cp(join(REPO_ROOT, "model_registry", "add_sub"), join(registryDir, "add_sub"), { recursive: true });
  await writeModelFolder(registryDir, smallImageModel());
  const emulator = await startEmulator(
    {
      ...loadConfig([], { MME_LOG_LEVEL: process.env.MME_TEST_LOG ?? "silent" }),
      port: 0,
      s3Port: 0,
      dataDir,
      createDelayMs: 0,
      configFile,
    },
    { registryDir },
  );
  const localFlags = ["--local", "--endpoint-url", emulator.url, "--s3-endpoint-url", emulator.s3Url];
  return {
    emulator,
    localFlags,
    mme: (argv, options) => runMme([...argv, ...localFlags], options),
    env: (overrides = {}) => ({
      MME_ENDPOINT_URL: emulator.url,
      MME_S3_ENDPOINT_URL: emulator.s3Url,
      MME_REGION: LOCAL_PROFILE.region,
      MME_MODEL_DATA_URL: LOCAL_PROFILE.modelDataUrl,
      MME_ROLE: LOCAL_PROFILE.role,
      MME_IMAGE_URI: LOCAL_PROFILE.imageUri,
      AWS_ACCESS_KEY_ID: LOCAL_PROFILE.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_PROFILE.credentials.secretAccessKey,
      ...overrides,
    }),
    stop: async () => {
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The small_image model folder as the emulator serves it, for running it directly. */
export async function writeSmallImageModel(root: string): Promise<string> {
  return writeModelFolder(root, smallImageModel());
}
