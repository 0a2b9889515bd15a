import type { ModelObject } from "../artifacts/list-models.js";
import { listModels } from "../artifacts/list-models.js";
import type { AwsClients } from "../aws/clients.js";
import type { ModelProblem } from "../errors/mme-errors.js";
import { parseS3Prefix } from "../settings/s3-url.js";
import type { Settings } from "../settings/schema.js";
import { checkBucketRegion } from "./check-bucket-region.js";
import { checkColdLoadRetries, readRetrySettings } from "./check-cold-load-retries.js";
import { checkEndpoint } from "./check-endpoint.js";
import { checkIdentity } from "./check-identity.js";
import { checkLogs, type LogCheckOptions } from "./check-logs.js";
import { checkMemoryFit } from "./check-memory-fit.js";
import { checkRole } from "./check-role.js";
import { check, type DoctorCheck, type DoctorReport, errorLine, listed } from "./doctor-check.js";
import { formatBytes } from "./format-bytes.js";
import { type ScanProgress, scanTarballs, type TarballScan } from "./scan-tarballs.js";

export interface DoctorOptions {
  onProgress?: (progress: ScanProgress) => void;
  /** Tarballs downloaded and validated at once, default 4. */
  concurrency?: number;
  logs?: LogCheckOptions;
  /** Called as each check completes, for printing as they come. */
  onCheck?: (check: DoctorCheck) => void;
  /** Where the AWS retry settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Every check of `mme doctor`, in order: settings, region, credentials, endpoint, execution role,
 * bucket region, tarballs, memory fit, cold loads and retries, logs. Against the emulator (`settings.local`) the checks of
 * IAM and STS are skipped: the emulator has neither and accepts any credentials.
 */
export async function runDoctor(
  settings: Settings,
  clients: AwsClients,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (...found: DoctorCheck[]) => {
    for (const c of found) {
      checks.push(c);
      options.onCheck?.(c);
    }
  };
  const report = (): DoctorReport => ({ ok: !checks.some((c) => c.status === "fail"), checks });

  const target = settings.local ? `the emulator at ${settings.endpointUrl}` : (settings.endpointUrl ?? "AWS");
  if (!settings.modelDataUrl) {
    add(
      check("settings", "settings", "fail", "modelDataUrl is not set", {
        fix: "set MME_MODEL_DATA_URL (or modelDataUrl in mme.config.json) to the s3://bucket/prefix/ of your model tarballs",
      }),
    );
    return report();
  }
  add(
    check(
      "settings",
      "settings",
      "pass",
      `endpoint ${settings.endpointName}, models ${settings.modelDataUrl}, against ${target}`,
      {
        data: {
          endpointName: settings.endpointName,
          modelDataUrl: settings.modelDataUrl,
          local: settings.local,
        },
      },
    ),
  );

  const region = settings.region ?? (await clients.s3.config.region().catch(() => undefined));
  if (!region) {
    add(
      check("region", "region", "fail", "no region is set", {
        fix: "set MME_REGION or AWS_REGION (or region in your AWS profile)",
      }),
    );
    return report();
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    add(
      check("region", "region", "fail", `"${region}" is not an AWS region name`, {
        fix: "set MME_REGION to a region such as us-east-1 or eu-west-1",
      }),
    );
    return report();
  }
  add(check("region", "region", "pass", region, { data: { region } }));

  if (settings.local) {
    add(check("credentials", "credentials", "skip", "the emulator accepts any credentials"));
  } else {
    const identity = await checkIdentity(clients.sts);
    add(identity);
    if (identity.status === "fail") return report();
  }

  const { bucket, key: prefix } = parseS3Prefix(settings.modelDataUrl);
  const endpoint = await checkEndpoint(clients.sagemaker, {
    endpointName: settings.endpointName,
    modelDataUrl: settings.modelDataUrl,
    endpointUrl: settings.endpointUrl,
    local: settings.local,
  });
  add(endpoint.check);
  // No emulator running: every later check would fail the same way and hide the one fix.
  if (endpoint.unreachable && settings.local) return report();

  let objects: ModelObject[] | undefined;
  let listError: unknown;
  try {
    objects = await listModels(clients.s3, { modelDataUrl: settings.modelDataUrl });
  } catch (error) {
    listError = error;
  }
  const tarballs = (objects ?? []).filter((o) => o.key.endsWith(".tar.gz"));

  if (settings.local) {
    add(check("role", "execution role", "skip", "the emulator runs models without an IAM role"));
  } else {
    const endpointRole = endpoint.endpoint?.model?.executionRoleArn;
    add(
      ...(await checkRole(clients.iam, {
        roleArn: endpointRole ?? settings.role,
        roleSource: endpointRole
          ? `the endpoint's model ${endpoint.endpoint?.model?.modelName}`
          : "the role setting",
        bucket,
        prefix,
        objectKeys: tarballs.map((t) => t.key),
      })),
    );
  }
  add(await checkBucketRegion(clients.s3, bucket, region));

  if (!objects) {
    add(
      check(
        "tarballs",
        "model tarballs",
        "fail",
        `cannot list ${settings.modelDataUrl}: ${errorLine(listError)}`,
        {
          fix: "check the bucket name and that these credentials may s3:ListBucket on it",
        },
      ),
    );
    return report();
  }
  const scans = await scanTarballs(clients.s3, {
    bucket,
    objects: tarballs,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const others = objects.length - tarballs.length;
  const otherNote = others > 0 ? `; ${others} other object${others === 1 ? "" : "s"} ignored` : "";
  const invalid = scans.filter((s) => s.problems.length > 0);
  const tarballData = {
    tarballs: scans.map((s) => ({
      targetModel: s.targetModel,
      bytes: s.bytes,
      unpackedBytes: s.unpackedBytes,
      backend: s.backend,
      valid: s.problems.length === 0,
      problems: s.problems,
    })),
  };
  if (scans.length === 0) {
    add(
      check("tarballs", "model tarballs", "warn", `no .tar.gz under ${settings.modelDataUrl}${otherNote}`, {
        fix: "upload a model with mme add-model <dir> <name>.tar.gz",
        data: tarballData,
      }),
    );
  } else if (invalid.length > 0) {
    add(
      check(
        "tarballs",
        "model tarballs",
        "fail",
        `${invalid.length} of ${scans.length} tarballs ${invalid.length === 1 ? "is not a valid Triton model" : "are not valid Triton models"}: ${invalid.map((s) => s.targetModel).join(", ")}${otherNote}`,
        {
          fix: "run mme validate-model on each, fix it, and upload it under a new version (mme add-model --next-version)",
          details: listed(
            invalid.map((s) => `${s.targetModel}: ${s.problems.map((p) => problemText(s, p)).join("; ")}`),
          ),
          data: tarballData,
        },
      ),
    );
  } else {
    const unpacked = scans.reduce((sum, s) => sum + (s.unpackedBytes ?? 0), 0);
    add(
      check(
        "tarballs",
        "model tarballs",
        "pass",
        `${scans.length} tarball${scans.length === 1 ? "" : "s"} under ${settings.modelDataUrl} ${scans.length === 1 ? "is a valid Triton model" : "are valid Triton models"} (${formatBytes(unpacked)} unpacked)${otherNote}`,
        { data: tarballData },
      ),
    );
  }

  const instanceType = endpoint.endpoint?.variants[0]?.instanceType;
  add(
    checkMemoryFit(
      instanceType ?? settings.instanceType,
      instanceType ? "the endpoint" : "the instanceType setting",
      scans,
    ),
  );
  add(checkColdLoadRetries(await readRetrySettings(options.env), scans));
  add(await checkLogs(clients.logs, settings.endpointName, { ...options.logs, local: settings.local }));
  return report();
}

/** A problem as `file:line: message`, without the file when it is the tarball itself. */
function problemText(scan: TarballScan, problem: ModelProblem): string {
  const file = problem.file === scan.targetModel.split("/").pop() ? "" : problem.file;
  const where = file && problem.line ? `${file}:${problem.line}` : file;
  return where ? `${where}: ${problem.message}` : problem.message;
}
