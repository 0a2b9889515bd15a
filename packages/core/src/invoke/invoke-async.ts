import { randomUUID } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { InvokeEndpointAsyncCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { callAws } from "../aws/call-aws.js";
import { MmeError } from "../errors/index.js";
import { parseS3ObjectUri, s3Uri } from "../settings/s3-url.js";

export class AsyncInferenceFailedError extends MmeError {
  override name = "AsyncInferenceFailedError";
}

export interface InvokeAsyncInput {
  endpointName: string;
  body: Uint8Array;
  /** s3:// URI the input is uploaded to; default s3://<bucket>/mme-async-inputs/<uuid>. */
  inputLocation?: string;
  /** Bucket for the default input location. */
  bucketName?: string;
  contentType?: string;
  accept?: string;
  customAttributes?: string;
  onProgress?: (state: { phase: "uploaded" | "invoked" | "waiting"; elapsedMs: number }) => void;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export interface InvokeAsyncOutput {
  inferenceId?: string;
  inputLocation: string;
  outputLocation: string;
  body: Uint8Array;
}

/**
 * Uploads the input, calls InvokeEndpointAsync (no TargetModel: the real API has none, and MME
 * endpoints are real-time only), then polls OutputLocation and FailureLocation.
 */
export async function invokeAsync(
  runtime: SageMakerRuntimeClient,
  s3: S3Client,
  input: InvokeAsyncInput,
): Promise<InvokeAsyncOutput> {
  const start = Date.now();
  const elapsed = () => Date.now() - start;
  const inputLocation = input.inputLocation ?? defaultInputLocation(input.bucketName);
  const target = parseS3ObjectUri(inputLocation);
  const inputKey = target.key;
  await callAws(s3, "PutObject", () =>
    s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: inputKey,
        Body: input.body,
        ContentType: input.contentType,
      }),
    ),
  );
  input.onProgress?.({ phase: "uploaded", elapsedMs: elapsed() });
  const response = await callAws(runtime, "InvokeEndpointAsync", () =>
    runtime.send(
      new InvokeEndpointAsyncCommand({
        EndpointName: input.endpointName,
        InputLocation: s3Uri(target.bucket, inputKey),
        ContentType: input.contentType,
        Accept: input.accept,
        CustomAttributes: input.customAttributes,
      }),
    ),
  );
  input.onProgress?.({ phase: "invoked", elapsedMs: elapsed() });
  const outputLocation = response.OutputLocation;
  if (!outputLocation) throw new MmeError("InvokeEndpointAsync returned no OutputLocation");
  const { pollIntervalMs = 2_000, timeoutMs = 15 * 60_000 } = input;
  for (;;) {
    const output = await getIfExists(s3, outputLocation);
    if (output) return { inferenceId: response.InferenceId, inputLocation, outputLocation, body: output };
    if (response.FailureLocation) {
      const failure = await getIfExists(s3, response.FailureLocation);
      if (failure) {
        throw new AsyncInferenceFailedError(
          `async inference failed (${response.FailureLocation}): ${new TextDecoder().decode(failure).slice(0, 500)}`,
        );
      }
    }
    if (elapsed() + pollIntervalMs > timeoutMs) {
      throw new MmeError(`no async result at ${outputLocation} after ${Math.round(elapsed() / 1000)} s`);
    }
    input.onProgress?.({ phase: "waiting", elapsedMs: elapsed() });
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

function defaultInputLocation(bucketName: string | undefined): string {
  if (!bucketName) throw new MmeError("invoke-async needs an input location: set bucketName or pass one");
  return `s3://${bucketName}/mme-async-inputs/${randomUUID()}`;
}

async function getIfExists(s3: S3Client, uri: string): Promise<Uint8Array | undefined> {
  const { bucket, key } = parseS3ObjectUri(uri);
  try {
    const object = await callAws(s3, "GetObject", () =>
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
    );
    return object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    const e = error as { name?: string; httpStatus?: number };
    if (e.name === "NoSuchKey" || e.name === "NotFound" || e.httpStatus === 404) return undefined;
    throw error;
  }
}
