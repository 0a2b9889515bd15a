// The emulator's settings, from command-line flags over environment variables over defaults.
// Passed in (env = process.env), never read deep inside.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { UsageError } from "@mme/core";
import { DEFAULT_BUSY_THRESHOLD } from "@mme/platform";
import { z } from "zod";

/**
 * The emulator's install root, found from this file (apps/emulator/{src,dist}/config/): the repository in
 * a checkout, /opt/mme in the image. Not @mme/core/process's REPO_ROOT, which is where @mme/core sits and
 * differs in a `pnpm deploy` copy; tests and tools use that one.
 */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

const GiB = 1024 ** 3;

const ConfigSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  s3Port: z.coerce.number().int().min(0).max(65535),
  /** An external S3 (MinIO, AWS); when set, no embedded S3 starts. */
  s3Url: z.url().optional(),
  dataDir: z.string().min(1),
  /** JSON file declaring endpoints to create at start-up. */
  configFile: z.string().optional(),
  /** Default container for endpoints whose model names none (e.g. Triton's URL); default: embedded runtime. */
  containerUrl: z.url().optional(),
  memoryBytes: z.coerce.number().int().positive(),
  diskBytes: z.coerce.number().int().positive(),
  maxLoadedModels: z.coerce.number().int().positive().optional(),
  waitBudgetMs: z.coerce.number().int().positive(),
  loadTimeoutMs: z.coerce.number().int().positive(),
  createDelayMs: z.coerce.number().int().min(0),
  drainTimeoutMs: z.coerce.number().int().min(0),
  /** Emulated seconds per real second for autoscaling's minutes and cooldowns: 60 → a minute per second. */
  autoscalingTimeScale: z.coerce.number().positive(),
  /** In-flight requests at which an instance holding a model counts as busy (fleet/routing-policy.ts). */
  routingBusyThreshold: z.coerce.number().int().positive(),
  seed: z.boolean(),
  /** Start without the kept control-plane state and logs (<dataDir>/state). */
  reset: z.boolean(),
  /** Create the ready `sagemaker-poc` endpoint of LOCAL_PROFILE. */
  defaultEndpoint: z.boolean(),
  /** `sigv4`: every request must carry an AWS Signature V4 from a key of `authKeysFile`. */
  auth: z.enum(["none", "sigv4"]),
  authKeysFile: z.string().min(1).optional(),
  /** Stop when the process that started the emulator exits (`pnpm start`, which passes no signals on). */
  exitWithParent: z.boolean(),
  region: z.string().min(1),
  accountId: z.string().regex(/^\d{12}$/),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  /** auto: human-readable lines on a terminal, JSON lines otherwise. */
  logFormat: z.enum(["auto", "pretty", "json"]),
});
export type EmulatorConfig = z.infer<typeof ConfigSchema>;

const FLAGS = {
  host: { type: "string", env: "MME_EMULATOR_HOST", help: "address to listen on (default 127.0.0.1)" },
  port: {
    type: "string",
    env: "MME_EMULATOR_PORT",
    help: "SageMaker API port (default 8080; 0: any free port)",
  },
  "s3-port": { type: "string", env: "MME_S3_PORT", help: "embedded S3 port (default 9000)" },
  "s3-url": {
    type: "string",
    env: "MME_S3_URL",
    help: "an external S3 (MinIO, AWS) instead of the embedded one",
  },
  "data-dir": { type: "string", env: "MME_DATA_DIR", help: "data folder (default <repo>/.mme)" },
  config: { type: "string", env: "MME_CONFIG_FILE", help: "JSON file of endpoints to create at start" },
  "container-url": {
    type: "string",
    env: "MME_CONTAINER_URL",
    help: "an HTTP MME container (Triton) to use",
  },
  "memory-bytes": {
    type: "string",
    env: "MME_CACHE_MEMORY_BYTES",
    help: "memory tier per instance (default 4 GiB)",
  },
  "disk-bytes": {
    type: "string",
    env: "MME_CACHE_DISK_BYTES",
    help: "disk tier per instance (default 20 GiB)",
  },
  "max-loaded-models": {
    type: "string",
    env: "MME_MAX_LOADED_MODELS",
    help: "models loaded at once (default unbounded)",
  },
  "wait-budget-ms": {
    type: "string",
    env: "MME_WAIT_BUDGET_MS",
    help: "wait before ModelNotReadyException (60000)",
  },
  "load-timeout-ms": {
    type: "string",
    env: "MME_LOAD_TIMEOUT_MS",
    help: "a load is abandoned after (360000)",
  },
  "create-delay-ms": {
    type: "string",
    env: "MME_CREATE_DELAY_MS",
    help: "time an endpoint stays Creating (1000)",
  },
  "drain-timeout-ms": {
    type: "string",
    env: "MME_DRAIN_TIMEOUT_MS",
    help: "in-flight drain at shutdown (30000)",
  },
  "autoscaling-time-scale": {
    type: "string",
    env: "MME_AUTOSCALING_TIME_SCALE",
    help: "emulated seconds per real second (1; 60: a minute per second)",
  },
  "routing-busy-threshold": {
    type: "string",
    env: "MME_ROUTING_BUSY_THRESHOLD",
    help: "in-flight requests at which an instance spills over (4)",
  },
  "no-seed": { type: "boolean", env: "MME_NO_SEED", help: "do not seed the registry's models" },
  "no-default-endpoint": {
    type: "boolean",
    env: "MME_NO_DEFAULT_ENDPOINT",
    help: "do not create sagemaker-poc",
  },
  reset: {
    type: "boolean",
    env: "MME_RESET",
    help: "forget the kept endpoints, models, autoscaling and logs (<data dir>/state) before start",
  },
  auth: { type: "string", env: "MME_AUTH", help: "none (default) or sigv4" },
  "auth-keys": {
    type: "string",
    env: "MME_AUTH_KEYS_FILE",
    help: "the keys --auth sigv4 accepts (JSON file)",
  },
  "exit-with-parent": {
    type: "boolean",
    env: "MME_EXIT_WITH_PARENT",
    help: "stop when the parent process exits",
  },
  region: { type: "string", env: "MME_REGION", help: "region in ARNs and SigV4 (default us-east-1)" },
  "log-level": {
    type: "string",
    env: "MME_LOG_LEVEL",
    help: "fatal|error|warn|info|debug|trace|silent (info)",
  },
  "log-format": { type: "string", env: "MME_LOG_FORMAT", help: "auto|pretty|json (auto)" },
} as const;

export const CONFIG_HELP = Object.entries(FLAGS)
  .map(
    ([flag, spec]) =>
      `  --${`${flag}${spec.type === "string" ? " <value>" : ""}`.padEnd(32)} ${spec.help} (${spec.env})`,
  )
  .join("\n");

/** `pnpm start --help`. */
export const USAGE = `Usage: pnpm start [--] [options]   (node apps/emulator/dist/main.js [options])
Every option is also an environment variable; a flag wins over its variable.
Options:
${CONFIG_HELP}`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): EmulatorConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(Object.entries(FLAGS).map(([k, v]) => [k, { type: v.type }])),
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nOptions:\n${CONFIG_HELP}`);
  }
  const pick = (flag: keyof typeof FLAGS): string | undefined => {
    const value = values[flag];
    if (typeof value === "string") return value;
    const fromEnv = env[FLAGS[flag].env];
    return fromEnv === "" ? undefined : fromEnv;
  };
  const flagOn = (flag: keyof typeof FLAGS): boolean =>
    values[flag] === true || ["1", "true", "yes"].includes((env[FLAGS[flag].env] ?? "").toLowerCase());

  const result = ConfigSchema.safeParse({
    host: pick("host") ?? "127.0.0.1",
    port: pick("port") ?? 8080,
    s3Port: pick("s3-port") ?? 9000,
    s3Url: pick("s3-url"),
    dataDir: resolve(pick("data-dir") ?? resolve(REPO_ROOT, ".mme")),
    configFile: pick("config"),
    containerUrl: pick("container-url"),
    memoryBytes: pick("memory-bytes") ?? 4 * GiB,
    diskBytes: pick("disk-bytes") ?? 20 * GiB,
    maxLoadedModels: pick("max-loaded-models"),
    waitBudgetMs: pick("wait-budget-ms") ?? 60_000,
    loadTimeoutMs: pick("load-timeout-ms") ?? 360_000,
    createDelayMs: pick("create-delay-ms") ?? 1_000,
    drainTimeoutMs: pick("drain-timeout-ms") ?? 30_000,
    autoscalingTimeScale: pick("autoscaling-time-scale") ?? 1,
    routingBusyThreshold: pick("routing-busy-threshold") ?? DEFAULT_BUSY_THRESHOLD,
    seed: !flagOn("no-seed"),
    reset: flagOn("reset"),
    defaultEndpoint: !flagOn("no-default-endpoint"),
    auth: pick("auth") ?? "none",
    authKeysFile: pick("auth-keys"),
    exitWithParent: flagOn("exit-with-parent"),
    region: pick("region") ?? env.AWS_REGION ?? "us-east-1",
    accountId: "000000000000",
    logLevel: pick("log-level") ?? "info",
    logFormat: pick("log-format") ?? "auto",
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`Invalid emulator setting ${issue.path.join(".")}: ${issue.message}`);
  }
  if (result.data.auth === "sigv4" && result.data.authKeysFile === undefined) {
    throw new UsageError("--auth sigv4 needs --auth-keys FILE (MME_AUTH_KEYS_FILE): the keys it accepts");
  }
  return result.data;
}
