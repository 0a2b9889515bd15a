// The registry's small image model through the emulator, from the AWS SDK v3, boto3 and the AWS CLI, as KServe
// JSON and in SageMaker's binary content type: each answer equals the runtime's own for the same input.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import type { EncodedBody } from "@mme/core/kserve";
import { smallImageModel, writeModelFolder } from "@mme/model-registry";
import { EmbeddedRuntime } from "@mme/runtime";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awsCliInvokeFile,
  boto3InvokeFile,
  type FileInvocation,
} from "../test-support/aws-python-clients.js";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import {
  jsonImageRequest,
  type OutputSummary,
  replyOutputs,
  sagemakerBinaryImageRequest,
} from "../test-support/image-requests.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  const TARGET = "small_image_v0.tar.gz";
  const SAGEMAKER_BINARY = /^application\/vnd\.sagemaker-triton\.binary\+json;json-header-size=\d+$/;

  interface Case {
    label: string;
    request: EncodedBody;
    file: string;
    expected: OutputSummary[];
  }

  let emulator: TestEmulator;
  let client: SageMakerRuntimeClient;
  let workDir: string;
  const cases: Record<"json" | "binary", Case> = {} as Record<"json" | "binary", Case>;

  async function runtimeAnswer(runtime: EmbeddedRuntime, request: EncodedBody): Promise<OutputSummary[]> {
    const reply = await runtime.invoke("reference", request.body, {
      "content-type": request.contentType,
      ...request.headers,
    });
    expect(reply.status).toBe(200);
    return replyOutputs(reply.body, reply.headers["content-type"]);
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "mme-image-"));
    const modelDir = await writeModelFolder(join(workDir, "models"), smallImageModel());
    emulator = await startTestEmulator({}, {}, mode);
    await addModel(emulator.s3Client, {
      dir: modelDir,
      tarballName: TARGET,
      modelDataUrl: "s3://mme-models/img/",
    });
    await emulator.declareMultiModelEndpoint("img", "s3://mme-models/img/");
    client = emulator.runtimeClient();

    // The reference: the same model folder served by the runtime alone, no platform in between.
    const runtime = new EmbeddedRuntime({ logger: pino({ level: "silent" }) });
    try {
      expect((await runtime.load("reference", modelDir)).status).toBe(200);
      for (const [label, request] of [
        ["json", jsonImageRequest()],
        ["binary", sagemakerBinaryImageRequest()],
      ] as const) {
        const file = join(workDir, `${label}-request.bin`);
        await writeFile(file, request.body);
        cases[label] = { label, request, file, expected: await runtimeAnswer(runtime, request) };
      }
    } finally {
      await runtime.close();
    }
    expect(cases.json.expected[0]).toMatchObject({ name: "OUTPUT__0", datatype: "FP32", shape: [1, 1000] });
    expect(cases.binary.expected).toEqual(cases.json.expected);
  });
  afterAll(async () => {
    await emulator?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  function expectedContentType(label: "json" | "binary"): string | RegExp {
    return label === "json" ? "application/json" : SAGEMAKER_BINARY;
  }

  describe.each(["json", "binary"] as const)("small image model, %s payload", (label) => {
    const fileCall = (outFile: string): FileInvocation => ({
      url: emulator.url,
      endpointName: "img",
      targetModel: TARGET,
      contentType: cases[label].request.contentType,
      bodyFile: cases[label].file,
      outFile,
    });

    it("AWS SDK v3 gets the runtime's answer", async () => {
      const { request, expected } = cases[label];
      const response = await client.send(
        new InvokeEndpointCommand({
          EndpointName: "img",
          TargetModel: TARGET,
          ContentType: request.contentType,
          Body: request.body,
        }),
      );
      expect(response.ContentType).toMatch(expectedContentType(label));
      expect(replyOutputs(response.Body!, response.ContentType)).toEqual(expected);
    });

    it("boto3 gets the runtime's answer", async () => {
      const outFile = join(workDir, `boto3-${label}.out`);
      const result = await boto3InvokeFile(fileCall(outFile));
      expect(result.variant).toBe("AllTraffic");
      expect(result.contentType).toMatch(expectedContentType(label));
      expect(replyOutputs(await readFile(outFile), result.contentType)).toEqual(cases[label].expected);
    });

    it("the AWS CLI gets the runtime's answer", async () => {
      const outFile = join(workDir, `cli-${label}.out`);
      const result = await awsCliInvokeFile(fileCall(outFile));
      expect(result.variant).toBe("AllTraffic");
      expect(result.contentType).toMatch(expectedContentType(label));
      expect(replyOutputs(await readFile(outFile), result.contentType)).toEqual(cases[label].expected);
    });
  });
});
