import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { credentialsFor } from "../aws/clients.js";
import type { Settings } from "../settings/schema.js";

export interface DiagnosticClients {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly logs: CloudWatchLogsClient;
  destroy(): void;
}

/**
 * STS, IAM and CloudWatch Logs clients for `mme doctor`. With a custom endpoint URL (moto, LocalStack,
 * the emulator) they go there too: such peers serve every API on one address.
 */
export function createDiagnosticClients(
  settings: Settings,
  options: { env?: Record<string, string | undefined> } = {},
): DiagnosticClients {
  const base = {
    region: settings.region,
    credentials: credentialsFor(settings, options.env ?? process.env),
    endpoint: settings.endpointUrl,
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
  const sts = lazy(() => new STSClient(base));
  // IAM is global: the SDK's endpoint rules send every region of a partition to its one endpoint.
  const iam = lazy(() => new IAMClient(base));
  const logs = lazy(() => new CloudWatchLogsClient(base));
  return {
    get sts() {
      return sts();
    },
    get iam() {
      return iam();
    },
    get logs() {
      return logs();
    },
    destroy() {
      for (const client of built.splice(0)) client.destroy();
    },
  };
}
