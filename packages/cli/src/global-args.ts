import { type AwsClients, createAwsClients, loadSettings, type Settings } from "@mme/core";
import { cliIo } from "./io.js";

/** Flags every command accepts (before or after the command name). */
export const globalArgs = {
  region: { type: "string", description: "AWS region (MME_REGION, AWS_REGION)" },
  profile: { type: "string", description: "AWS shared-config profile (MME_PROFILE)" },
  "endpoint-url": {
    type: "string",
    description: "SageMaker and SageMaker Runtime endpoint URL (MME_ENDPOINT_URL)",
  },
  "s3-endpoint-url": { type: "string", description: "S3 endpoint URL, e.g. MinIO (MME_S3_ENDPOINT_URL)" },
  "endpoint-name": { type: "string", description: "the endpoint (MME_ENDPOINT_NAME; default sagemaker-poc)" },
  "model-name": {
    type: "string",
    description: "the endpoint's model (MME_MODEL_NAME; default <endpoint>-model)",
  },
  "endpoint-config-name": {
    type: "string",
    description: "the endpoint config (MME_ENDPOINT_CONFIG_NAME; default <endpoint>-config)",
  },
  local: {
    type: "boolean",
    description:
      "the emulator `pnpm start` runs: where its .mme/emulator.json says it listens (else 127.0.0.1:8080, S3 on :9000)",
  },
  json: { type: "boolean", description: "print machine-readable JSON on stdout" },
  yes: { type: "boolean", alias: "y", description: "answer yes to confirmations" },
  debug: { type: "boolean", description: "print stack traces on errors" },
} as const;

/** The positional TargetModel of the invoking commands. */
export const targetArg = {
  type: "positional",
  required: true,
  description: "TargetModel: the tarball key under the models prefix",
} as const;

export const GLOBAL_VALUE_FLAGS = [
  "--region",
  "--profile",
  "--endpoint-url",
  "--s3-endpoint-url",
  "--endpoint-name",
  "--model-name",
  "--endpoint-config-name",
];

export interface GlobalArgValues {
  region?: string;
  profile?: string;
  "endpoint-url"?: string;
  "s3-endpoint-url"?: string;
  "endpoint-name"?: string;
  "model-name"?: string;
  "endpoint-config-name"?: string;
  local?: boolean;
  json?: boolean;
}

export interface CommandContext {
  settings: Settings;
  /** Built on first use; closed when the command ends. */
  clients: AwsClients;
  json: boolean;
}

/** Settings from flags/env/.env/config, and lazily built AWS clients. */
export async function commandContext(args: GlobalArgValues): Promise<CommandContext> {
  const io = cliIo();
  const settings = await loadSettings({
    flags: {
      region: args.region,
      profile: args.profile,
      endpointUrl: args["endpoint-url"],
      s3EndpointUrl: args["s3-endpoint-url"],
      endpointName: args["endpoint-name"],
      modelName: args["model-name"],
      endpointConfigName: args["endpoint-config-name"],
    },
    local: Boolean(args.local),
    env: io.env,
    cwd: io.cwd,
  });
  const clients = createAwsClients(settings, { env: io.env });
  io.cleanups.push(() => clients.destroy());
  return { settings, clients, json: Boolean(args.json) };
}
