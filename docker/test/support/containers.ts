// Starts the project's images (and MinIO, Triton) the way the compose stack runs them, on random
// host ports, keeping each container's last log lines for failure reports.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { GenericContainer, type StartedNetwork, type StartedTestContainer, Wait } from "testcontainers";

const STARTUP_TIMEOUT_MS = 180_000;
const KEPT_LOG_LINES = 200;

export interface RunningContainer {
  container: StartedTestContainer;
  /** http://host:port for a container port. */
  url(port: number): string;
  /** The container's last log lines. */
  logs(): string;
  stop(): Promise<void>;
}

interface Shared {
  network?: StartedNetwork;
  alias?: string;
  /** Host folder mounted at /opt/ml/models (the models tier shared by emulator and container). */
  modelsDir?: string;
  env?: Record<string, string>;
}

function logTail() {
  const lines: string[] = [];
  return {
    consumer(stream: Readable) {
      stream.on("data", (chunk: Buffer | string) => {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        if (lines.length > KEPT_LOG_LINES) lines.splice(0, lines.length - KEPT_LOG_LINES);
      });
    },
    text: () => lines.join("\n"),
  };
}

async function start(
  definition: GenericContainer,
  shared: Shared,
  startupTimeoutMs = STARTUP_TIMEOUT_MS,
): Promise<RunningContainer> {
  const tail = logTail();
  let container = definition.withLogConsumer(tail.consumer).withStartupTimeout(startupTimeoutMs);
  if (shared.env) container = container.withEnvironment(shared.env);
  if (shared.network) container = container.withNetwork(shared.network);
  if (shared.alias) container = container.withNetworkAliases(shared.alias);
  if (shared.modelsDir)
    container = container.withBindMounts([{ source: shared.modelsDir, target: "/opt/ml/models" }]);
  let started: StartedTestContainer;
  try {
    started = await container.start();
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- container log ---\n${tail.text()}`);
  }
  return {
    container: started,
    url: (port) => `http://${started.getHost()}:${started.getMappedPort(port)}`,
    logs: tail.text,
    stop: async () => {
      await started.stop({ timeout: 10_000 });
    },
  };
}

/** The emulator image: SageMaker API on 8080, embedded S3 on 9000 (unless MME_S3_URL is set). */
export function startEmulatorContainer(image: string, shared: Shared = {}): Promise<RunningContainer> {
  return start(
    new GenericContainer(image).withExposedPorts(8080, 9000).withWaitStrategy(Wait.forHealthCheck()),
    { ...shared, env: { MME_LOG_LEVEL: "warn", MME_CREATE_DELAY_MS: "200", ...shared.env } },
  );
}

/** The runtime image started as SageMaker starts a serving container: `docker run <image> serve`. */
export function startRuntimeContainer(image: string, shared: Shared = {}): Promise<RunningContainer> {
  return start(
    new GenericContainer(image)
      .withCommand(["serve"])
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHealthCheck()),
    shared,
  );
}

export const MINIO_CREDENTIALS = { accessKeyId: "mme-local", secretAccessKey: "mme-local" } as const;

export function startMinioContainer(image: string, shared: Shared = {}): Promise<RunningContainer> {
  return start(
    new GenericContainer(image)
      .withCommand(["server", "/data"])
      .withExposedPorts(9000)
      .withWaitStrategy(Wait.forHttp("/minio/health/ready", 9000)),
    {
      ...shared,
      env: {
        MINIO_ROOT_USER: MINIO_CREDENTIALS.accessKeyId,
        MINIO_ROOT_PASSWORD: MINIO_CREDENTIALS.secretAccessKey,
        ...shared.env,
      },
    },
  );
}

/**
 * Triton in SageMaker multi-model mode as SageMaker starts it, `docker run <image> serve` with
 * SAGEMAKER_MULTI_MODEL=true: Triton's own launcher picks the flags (see docker/compose.yaml).
 * CPU unless the host has a GPU runtime.
 */
export function startTritonContainer(image: string, shared: Shared = {}): Promise<RunningContainer> {
  return start(
    new GenericContainer(image)
      .withCommand(["serve"])
      .withSharedMemorySize(1024 ** 3)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp("/ping", 8080)),
    { ...shared, env: { SAGEMAKER_MULTI_MODEL: "true", SAGEMAKER_BIND_TO_PORT: "8080", ...shared.env } },
    600_000,
  );
}

/** A host folder both the emulator and a model container mount at /opt/ml/models (they run as uid 1000). */
export async function sharedModelsDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "mme-containers-opt-ml-models-"));
  await chmod(path, 0o777);
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
