// POST /endpoints/:name/async-invocations — InvokeEndpointAsync: answers 202 with where the result
// will be, then reads the input from S3, invokes, and writes the output (or the failure) to S3.
// The real API has no TargetModel (MME is real-time only); the emulator accepts one through its own
// extension header, X-Mme-Emulator-Target-Model.
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "pino";
import { authorizeInvoke } from "../auth/authorize.js";
import type { InFlight } from "../wire/in-flight.js";
import { JSON_TYPE, sendError, toSageMakerError } from "../wire/send-error.js";
import { type AsyncLocations, asyncLocations } from "./async-locations.js";
import { forwardCustomAttributes, type RuntimeRouteDeps } from "./invoke-endpoint-route.js";
import { type InvokeModelDeps, invokeModel, requestS3Location } from "./invoke-model.js";
import type { RuntimeRequest } from "./runtime-request.js";
import { type ServingEndpoint, servingEndpoint } from "./serving-endpoint.js";

export const EMULATOR_TARGET_MODEL_HEADER = "x-mme-emulator-target-model";

export interface AsyncRouteDeps extends RuntimeRouteDeps {
  s3: S3Client;
  inFlight: InFlight;
}

export function invokeEndpointAsync(deps: AsyncRouteDeps, request: RuntimeRequest): void {
  const { res } = request;
  try {
    const targetModel = request.header(EMULATOR_TARGET_MODEL_HEADER);
    authorizeInvoke(
      request.caller,
      deps.plane.scope,
      "sagemaker:InvokeEndpointAsync",
      request.name,
      targetModel,
    );
    const endpoint = servingEndpoint(deps.plane, request.name);
    const locations = asyncLocations(endpoint.spec, {
      inputLocation: request.header("x-amzn-sagemaker-inputlocation"),
      inferenceId: request.header("x-amzn-sagemaker-inference-id"),
      outputPathExtension: request.header("x-amzn-sagemaker-s3outputpathextension"),
      filename: request.header("x-amzn-sagemaker-filename"),
    });
    const headers: Record<string, string> = {
      "content-type": request.header("x-amzn-sagemaker-content-type") ?? "application/octet-stream",
      "x-amzn-sagemaker-inference-id": locations.inferenceId,
    };
    const accept = request.header("x-amzn-sagemaker-accept");
    if (accept !== undefined) headers.accept = accept;
    forwardCustomAttributes(request, headers);
    const job: AsyncJob = { requestId: request.id, endpoint, locations, targetModel, headers };
    void deps.inFlight.track(runAsyncJob(deps, job, request.log));
    const body = JSON.stringify({ InferenceId: locations.inferenceId });
    res.statusCode = 202;
    res.setHeader("X-Amzn-SageMaker-OutputLocation", locations.outputUrl);
    res.setHeader("X-Amzn-SageMaker-FailureLocation", locations.failureUrl);
    res.setHeader("Content-Type", JSON_TYPE);
    res.setHeader("Content-Length", Buffer.byteLength(body));
    res.end(body);
  } catch (error) {
    sendError(res, toSageMakerError(error), "rest-json");
  }
}

interface AsyncJob {
  requestId: string;
  endpoint: ServingEndpoint;
  locations: AsyncLocations;
  targetModel: string | undefined;
  headers: Record<string, string>;
}

async function runAsyncJob(deps: AsyncRouteDeps, job: AsyncJob, log: Logger): Promise<void> {
  const invokeDeps: InvokeModelDeps = { scope: deps.plane.scope, metrics: deps.metrics };
  try {
    const input = await deps.s3.send(
      new GetObjectCommand({ Bucket: job.locations.input.bucket, Key: job.locations.input.key }),
    );
    const body = await input.Body!.transformToByteArray();
    const response = await invokeModel(invokeDeps, {
      requestId: job.requestId,
      endpoint: job.endpoint,
      targetModel: job.targetModel,
      body,
      headers: job.headers,
    });
    await putObject(deps.s3, job.locations.outputUrl, response.body, response.headers["content-type"]);
    log.info({ output: job.locations.outputUrl }, "async invocation done");
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log.warn({ err: error, failure: job.locations.failureUrl }, "async invocation failed");
    await putObject(deps.s3, job.locations.failureUrl, Buffer.from(message), "text/plain").catch(
      (putError: unknown) => log.error({ err: putError }, "could not write the async failure"),
    );
  }
}

async function putObject(
  s3: S3Client,
  url: string,
  body: Uint8Array,
  contentType: string | undefined,
): Promise<void> {
  const { bucket, key } = requestS3Location(url);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(contentType ? { ContentType: contentType } : {}),
    }),
  );
}
