// boto3 and the AWS CLI reading CloudWatch metrics and logs, unmodified; and botocore made to speak
// an older protocol (JSON 1.0 or Query) through AWS_DATA_PATH, as older botocore releases do.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { awsEnv } from "./aws-python-clients.js";

const run = promisify(execFile);

/** Runs `script` (reading its arguments from sys.argv[1:]) and parses the JSON it prints. */
export async function python<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = awsEnv(),
): Promise<T> {
  const { stdout } = await run("python3", ["-c", script, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

/** `aws <args> --output json`; a failure comes back as { code, stderr }. */
export async function awsCli(
  args: string[],
  env: NodeJS.ProcessEnv = awsEnv(),
): Promise<{ ok: true; output: unknown } | { ok: false; code: number; stderr: string }> {
  try {
    const { stdout } = await run("aws", [...args, "--output", "json"], { env, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: stdout.trim() === "" ? {} : JSON.parse(stdout) };
  } catch (error) {
    const failure = error as { code: number; stderr: string };
    return { ok: false, code: failure.code, stderr: failure.stderr };
  }
}

/**
 * An AWS_DATA_PATH folder whose CloudWatch model lists only `protocol`, so botocore speaks it (JSON 1.0
 * or Query) as releases before Smithy RPC v2 CBOR did.
 */
export async function botocoreDataPathFor(root: string, protocol: "json" | "query"): Promise<string> {
  const { stdout } = await run("python3", [
    "-c",
    "import botocore.loaders, json; print(json.dumps(botocore.loaders.Loader().load_service_model('cloudwatch', 'service-2')))",
  ]);
  const model = JSON.parse(stdout) as { metadata: Record<string, unknown> };
  model.metadata.protocol = protocol;
  model.metadata.protocols = [protocol];
  const dataPath = join(root, `botocore-${protocol}`);
  await mkdir(join(dataPath, "cloudwatch", "2010-08-01"), { recursive: true });
  await writeFile(join(dataPath, "cloudwatch", "2010-08-01", "service-2.json"), JSON.stringify(model));
  return dataPath;
}

export const BOTO3_METRICS_SCRIPT = `
import json, sys, datetime, boto3
url, endpoint = sys.argv[1], sys.argv[2]
cw = boto3.client("cloudwatch", endpoint_url=url)
now = datetime.datetime.now(datetime.timezone.utc)
dims = [{"Name": "EndpointName", "Value": endpoint}, {"Name": "VariantName", "Value": "AllTraffic"}]
def stats(name, namespace="AWS/SageMaker", **kw):
    r = cw.get_metric_statistics(Namespace=namespace, MetricName=name, Dimensions=dims,
        StartTime=now - datetime.timedelta(minutes=30), EndTime=now + datetime.timedelta(minutes=30), Period=3600, **kw)
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in d.items()} for d in r["Datapoints"]]
out = {"protocol": cw.meta.service_model.protocol}
out["invocations"] = stats("Invocations", Statistics=["Sum", "SampleCount"])
out["errors4xx"] = stats("Invocation4XXErrors", Statistics=["Sum"])
out["modelErrors"] = stats("InvocationModelErrors", Statistics=["Sum"])
out["cacheHit"] = stats("ModelCacheHit", Statistics=["Average", "Sum", "SampleCount"])
out["latency"] = stats("ModelLatency", ExtendedStatistics=["p0", "p50", "p99.9", "p100"])
out["latencyRange"] = stats("ModelLatency", Statistics=["Minimum", "Maximum"])
data = cw.get_metric_data(StartTime=now - datetime.timedelta(minutes=30), EndTime=now + datetime.timedelta(minutes=30),
    MetricDataQueries=[{"Id": "hits", "MetricStat": {"Metric": {"Namespace": "AWS/SageMaker", "MetricName": "ModelCacheHit", "Dimensions": dims}, "Period": 3600, "Stat": "Average"}},
                       {"Id": "loaded", "MetricStat": {"Metric": {"Namespace": "/aws/sagemaker/Endpoints", "MetricName": "LoadedModelCount", "Dimensions": dims}, "Period": 3600, "Stat": "Maximum"}}])
out["data"] = {r["Id"]: {"values": r["Values"], "status": r["StatusCode"], "timestamps": [t.isoformat() for t in r["Timestamps"]]} for r in data["MetricDataResults"]}
out["listed"] = sorted(m["MetricName"] for m in cw.list_metrics(Namespace="AWS/SageMaker", Dimensions=[{"Name": "EndpointName", "Value": endpoint}])["Metrics"])
try:
    cw.get_metric_statistics(Namespace="AWS/SageMaker", MetricName="Invocations", Dimensions=dims,
        StartTime=now, EndTime=now - datetime.timedelta(hours=1), Period=60, Statistics=["Sum"])
    out["error"] = None
except cw.exceptions.ClientError as error:
    out["error"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"], "message": error.response["Error"]["Message"]}
print(json.dumps(out))
`;

export const BOTO3_LOGS_SCRIPT = `
import json, sys, boto3
url, group, stream = sys.argv[1], sys.argv[2], sys.argv[3]
logs = boto3.client("logs", endpoint_url=url)
out = {}
out["groups"] = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/sagemaker/Endpoints/")["logGroups"]]
out["streams"] = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=group)["logStreams"]]
out["events"] = [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)["events"]]
out["filtered"] = [e["message"] for e in logs.filter_log_events(logGroupName=group, filterPattern="ERROR")["events"]]
try:
    logs.get_log_events(logGroupName=group, logStreamName="no/such-stream")
    out["error"] = None
except logs.exceptions.ResourceNotFoundException as error:
    out["error"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"]}
print(json.dumps(out))
`;
