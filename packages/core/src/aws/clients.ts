import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import { PricingClient } from "@aws-sdk/client-pricing";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";
import { LOCAL_PROFILE } from "../settings/local-profile.js";
import type { Settings } from "../settings/schema.js";
import { createS3Client } from "./s3-client.js";

export interface AwsClients {
  readonly sagemaker: SageMakerClient;
  readonly runtime: SageMakerRuntimeClient;
  readonly s3: S3Client;
  /** Application Auto Scaling, at the SageMaker endpoint URL when one is set (the emulator and moto serve both). */
  readonly autoscaling: ApplicationAutoScalingClient;
  /** The AWS Price List API: always AWS itself (us-east-1), never the endpoint URL; one attempt. */
  readonly pricing: PricingClient;
  /** CloudWatch and CloudWatch Logs, at the SageMaker endpoint URL when one is set (the emulator serves all three). */
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  /** STS and IAM (for `mme doctor`), at the endpoint URL when one is set: moto and LocalStack serve every API on one address. */
  readonly sts: STSClient;
  readonly iam: IAMClient;
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
  const autoscaling = lazy(
    () => new ApplicationAutoScalingClient({ ...base, endpoint: settings.endpointUrl }),
  );
  const sts = lazy(() => new STSClient({ ...base, endpoint: settings.endpointUrl }));
  // IAM is global: the SDK's endpoint rules send every region of a partition to its one endpoint.
  const iam = lazy(() => new IAMClient({ ...base, endpoint: settings.endpointUrl }));
  const pricing = lazy(() => new PricingClient({ ...base, region: "us-east-1", maxAttempts: 1 }));
  const s3 = lazy(() => createS3Client({ ...base, endpoint: settings.s3EndpointUrl }));
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
    get autoscaling() {
      return autoscaling();
    },
    get pricing() {
      return pricing();
    },
    get cloudwatch() {
      return cloudwatch();
    },
    get logs() {
      return logs();
    },
    get sts() {
      return sts();
    },
    get iam() {
      return iam();
    },
    destroy() {
      for (const client of built.splice(0)) client.destroy();
    },
  };
}

export function credentialsFor(
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
