// boto3 (python3 subprocess) and the AWS CLI calling InvokeEndpoint with a body read from a file and the
// response body written to a file, so binary payloads travel unchanged.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface FileInvocation {
  url: string;
  endpointName: string;
  targetModel: string;
  contentType: string;
  bodyFile: string;
  outFile: string;
  /** Default: any key (the emulator accepts any signature unless --auth sigv4). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface InvocationResult {
  contentType: string;
  variant: string;
}

export const awsEnv = (
  credentials = { accessKeyId: "anything", secretAccessKey: "anything" },
): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_MAX_ATTEMPTS: "1",
  AWS_PAGER: "",
});

const BOTO3_FILE_SCRIPT = `
import json, sys, boto3
url, endpoint, target, content_type, body_file, out_file = sys.argv[1:7]
client = boto3.client("sagemaker-runtime", endpoint_url=url)
with open(body_file, "rb") as f:
    body = f.read()
response = client.invoke_endpoint(EndpointName=endpoint, TargetModel=target, ContentType=content_type, Body=body)
with open(out_file, "wb") as f:
    f.write(response["Body"].read())
print(json.dumps({"contentType": response["ContentType"], "variant": response["InvokedProductionVariant"]}))
`;

export async function boto3InvokeFile(call: FileInvocation): Promise<InvocationResult> {
  const { stdout } = await run(
    "python3",
    [
      "-c",
      BOTO3_FILE_SCRIPT,
      call.url,
      call.endpointName,
      call.targetModel,
      call.contentType,
      call.bodyFile,
      call.outFile,
    ],
    { env: awsEnv(call.credentials), maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as InvocationResult;
}

export async function awsCliInvokeFile(call: FileInvocation): Promise<InvocationResult> {
  const { stdout } = await run(
    "aws",
    [
      "sagemaker-runtime",
      "invoke-endpoint",
      "--endpoint-url",
      call.url,
      "--endpoint-name",
      call.endpointName,
      "--target-model",
      call.targetModel,
      "--content-type",
      call.contentType,
      "--body",
      `fileb://${call.bodyFile}`,
      "--output",
      "json",
      call.outFile,
    ],
    { env: awsEnv(call.credentials), maxBuffer: 16 * 1024 * 1024 },
  );
  const printed = JSON.parse(stdout) as { ContentType: string; InvokedProductionVariant: string };
  return { contentType: printed.ContentType, variant: printed.InvokedProductionVariant };
}
