import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { fromIni } from "@aws-sdk/credential-providers";
import { LOCAL_PROFILE } from "../settings/local-profile.js";
import type { Settings } from "../settings/schema.js";

export interface AwsClients {
  readonly sagemaker: SageMakerClient;
  readonly runtime: SageMakerRuntimeClient;
  readonly s3: S3Client;
  /** CloudWatch and CloudWatch Logs, at the SageMaker endpoint URL when one is set (the emulator serves all three). */
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  /** Releases the clients' sockets (only the clients that were built). */
  destroy(): void;
}

export interface AwsClientOptions {
  /** Where AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN are read; passed in so tests stay hermetic. */
  env?: Record<string, string | undefined>;
  /** SDK retry attempts (default: the SDK's 3). */
  maxAttempts?: number;
}

/** Clients built on first use, so `--help` and settings validation never touch AWS. */
export function createAwsClients(settings: Settings, options: AwsClientOptions = {}): AwsClients {
  const base = {
    region: settings.region,
    credentials: credentialsFor(settings, options.env ?? process.env),
    maxAttempts: options.maxAttempts,
  };
  const built: { destroy(): void }[] = [];
  const lazy = <T extends { destroy(): void }>(make: () => T): (() => T) => {
    let client: T | undefined;
    return () => {
      if (!client) {
        client = make();
        built.push(client);
      }
      return client;
    };
  };
  const sagemaker = lazy(() => new SageMakerClient({ ...base, endpoint: settings.endpointUrl }));
  const runtime = lazy(() => new SageMakerRuntimeClient({ ...base, endpoint: settings.endpointUrl }));
  const cloudwatch = lazy(() => new CloudWatchClient({ ...base, endpoint: settings.endpointUrl }));
  const logs = lazy(() => new CloudWatchLogsClient({ ...base, endpoint: settings.endpointUrl }));
  const s3 = lazy(
    () =>
      new S3Client({
        ...base,
        ...(settings.s3EndpointUrl
          ? {
              endpoint: settings.s3EndpointUrl,
              forcePathStyle: true,
              // S3-compatible servers (s3rver, older MinIO) store aws-chunked framing as data otherwise.
              requestChecksumCalculation: "WHEN_REQUIRED" as const,
              responseChecksumValidation: "WHEN_REQUIRED" as const,
            }
          : {}),
      }),
  );
  return {
    get sagemaker() {
      return sagemaker();
    },
    get runtime() {
      return runtime();
    },
    get s3() {
      return s3();
    },
    get cloudwatch() {
      return cloudwatch();
    },
    get logs() {
      return logs();
    },
    destroy() {
      for (const client of built.splice(0)) client.destroy();
    },
  };
}

function credentialsFor(
  settings: Settings,
  env: Record<string, string | undefined>,
): S3ClientConfig["credentials"] {
  if (settings.profile) return fromIni({ profile: settings.profile });
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN || undefined,
    };
  }
  if (settings.local && !env.AWS_PROFILE) return { ...LOCAL_PROFILE.credentials };
  return undefined; // the SDK's default chain
}
