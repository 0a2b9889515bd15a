// Would a cold load of the endpoint's largest model reach the user's code as an error? SageMaker waits
// up to its budget (60 s) for a model to load, then answers ModelNotReadyException (429) while the load
// goes on. What a client does then depends on its retry mode: botocore's legacy mode (boto3's default,
// the AWS CLI v1's) and the JS SDK v3 (any mode) retry a 429; botocore's standard and adaptive modes
// (the AWS CLI v2's default) do not retry ModelNotReadyException at all. Each attempt waits one budget,
// so a retrying client covers about attempts × budget. The mode and attempts come from where both SDKs
// read them: AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, else retry_mode / max_attempts in the profile of the
// shared config file (~/.aws/config, AWS_CONFIG_FILE, AWS_PROFILE).
import { loadConfig } from "@smithy/core/config";
import { CONFIG_MAX_ATTEMPTS, CONFIG_RETRY_MODE, ENV_MAX_ATTEMPTS, ENV_RETRY_MODE } from "@smithy/core/retry";
import { check, type DoctorCheck } from "./doctor-check.js";
import { formatBytes } from "./format-bytes.js";
import type { TarballScan } from "./scan-tarballs.js";

/** SageMaker's wait for a model before ModelNotReadyException. */
export const SAGEMAKER_WAIT_BUDGET_SECONDS = 60;
/**
 * Assumed rates for a cold load's estimate: S3 download to an ml instance, then extraction and loading
 * of the unpacked files. Conservative round figures, not measurements of any one instance type.
 */
export const ASSUMED_DOWNLOAD_BYTES_PER_SECOND = 50e6;
export const ASSUMED_LOAD_BYTES_PER_SECOND = 200e6;

export interface RetrySettings {
  /** As configured; undefined when neither the environment nor the config file sets it. */
  mode?: string;
  maxAttempts?: number;
  /** Where they came from, for the message. */
  source: string;
}

/** AWS_RETRY_MODE / AWS_MAX_ATTEMPTS, else the profile's retry_mode / max_attempts, as the SDKs read them. */
export async function readRetrySettings(env: NodeJS.ProcessEnv = process.env): Promise<RetrySettings> {
  const files = {
    ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
  };
  const read = (envName: string, configName: string) =>
    loadConfig<string | undefined>(
      {
        environmentVariableSelector: () => env[envName] || undefined,
        configFileSelector: (profile) => profile[configName] || undefined,
        default: undefined,
      },
      files,
    )().catch(() => undefined);
  const [mode, attempts] = await Promise.all([
    read(ENV_RETRY_MODE, CONFIG_RETRY_MODE),
    read(ENV_MAX_ATTEMPTS, CONFIG_MAX_ATTEMPTS),
  ]);
  const fromEnv = Boolean(env[ENV_RETRY_MODE] || env[ENV_MAX_ATTEMPTS]);
  const maxAttempts = attempts === undefined ? undefined : Number.parseInt(attempts, 10);
  return {
    ...(mode === undefined ? {} : { mode: mode.toLowerCase() }),
    ...(maxAttempts !== undefined && maxAttempts > 0 ? { maxAttempts } : {}),
    source:
      mode === undefined && attempts === undefined
        ? "no retry settings (each SDK's defaults)"
        : fromEnv
          ? "AWS_RETRY_MODE/AWS_MAX_ATTEMPTS"
          : `profile ${env.AWS_PROFILE ?? "default"} of the AWS config file`,
  };
}

export interface ClientOutcome {
  client: string;
  mode: string;
  maxAttempts: number;
  retriesModelNotReady: boolean;
  /** Seconds of loading the client waits out before giving up. */
  coversSeconds: number;
  surfacesAsError: boolean;
}

/** How each client family behaves under these settings, for a load of `loadSeconds`. */
export function coldLoadOutcomes(
  settings: Pick<RetrySettings, "mode" | "maxAttempts">,
  loadSeconds: number,
  budgetSeconds = SAGEMAKER_WAIT_BUDGET_SECONDS,
): ClientOutcome[] {
  const outcome = (client: string, mode: string, retries: boolean): ClientOutcome => {
    const maxAttempts = settings.maxAttempts ?? (mode === "legacy" ? 5 : 3);
    const coversSeconds = (retries ? maxAttempts : 1) * budgetSeconds;
    return {
      client,
      mode,
      maxAttempts,
      retriesModelNotReady: retries,
      coversSeconds,
      surfacesAsError: loadSeconds > coversSeconds,
    };
  };
  const botocoreMode = settings.mode ?? "legacy";
  const sdkMode = settings.mode === "adaptive" ? "adaptive" : "standard";
  return [
    outcome("boto3 / AWS CLI (botocore)", botocoreMode, botocoreMode === "legacy"),
    outcome("AWS SDK for JavaScript v3 (and mme)", sdkMode, true),
  ];
}

/** The estimated cold load of the largest valid model: download, then extraction and load. */
export function estimatedLoadSeconds(scan: Pick<TarballScan, "bytes" | "unpackedBytes">): number {
  return (
    scan.bytes / ASSUMED_DOWNLOAD_BYTES_PER_SECOND +
    (scan.unpackedBytes ?? scan.bytes) / ASSUMED_LOAD_BYTES_PER_SECOND
  );
}

export function checkColdLoadRetries(
  settings: RetrySettings,
  scans: readonly TarballScan[],
  budgetSeconds = SAGEMAKER_WAIT_BUDGET_SECONDS,
): DoctorCheck {
  const title = "cold loads and retries";
  const largest = scans
    .filter((s) => s.problems.length === 0)
    .sort((a, b) => (b.unpackedBytes ?? b.bytes) - (a.unpackedBytes ?? a.bytes))[0];
  if (!largest)
    return check("cold-load-retries", title, "skip", "no valid model to estimate a cold load for");
  const loadSeconds = estimatedLoadSeconds(largest);
  const outcomes = coldLoadOutcomes(settings, loadSeconds, budgetSeconds);
  const failing = outcomes.filter((o) => o.surfacesAsError);
  const size = `${largest.targetModel} (${formatBytes(largest.bytes)}, ${formatBytes(largest.unpackedBytes ?? largest.bytes)} unpacked)`;
  const estimate = `a cold load of ${size} takes about ${Math.ceil(loadSeconds)} s (estimated), the wait budget is ${budgetSeconds} s`;
  const data = {
    source: settings.source,
    loadSeconds,
    budgetSeconds,
    largest: largest.targetModel,
    outcomes,
  };
  const describe = (o: ClientOutcome) =>
    `${o.client}, ${o.mode} mode, ${o.maxAttempts} attempts: ${o.retriesModelNotReady ? `retries ModelNotReadyException, waits out about ${o.coversSeconds} s` : "does not retry ModelNotReadyException"}`;
  if (failing.length === 0) {
    return check(
      "cold-load-retries",
      title,
      "pass",
      `${estimate}; every client waits it out (${settings.source})`,
      {
        details: outcomes.map(describe),
        data,
      },
    );
  }
  const standard = failing.some((o) => !o.retriesModelNotReady);
  return check(
    "cold-load-retries",
    title,
    "warn",
    `${estimate}: ${failing.map((o) => o.client).join(" and ")} would surface it as ModelNotReadyException (${settings.source})`,
    {
      fix: standard
        ? "for boto3 and the AWS CLI set AWS_RETRY_MODE=legacy (or retry_mode = legacy in ~/.aws/config), or catch ModelNotReadyException and retry; or warm the model before traffic"
        : `raise AWS_MAX_ATTEMPTS to ${Math.ceil(loadSeconds / budgetSeconds) + 1} or more, or warm the model before traffic`,
      details: outcomes.map(describe),
      data,
    },
  );
}
