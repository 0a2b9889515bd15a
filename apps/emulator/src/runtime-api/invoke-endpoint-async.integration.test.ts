// InvokeEndpointAsync: input read from S3, result written to S3 where the 202 said it would be.
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { InvokeEndpointAsyncCommand, SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { parseS3ObjectUri } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { ADD_SUB_REQUEST } from "../test-support/models.js";
import { type RuntimeFixture, startRuntimeFixture } from "../test-support/runtime-fixture.js";
import { TEST_CREDENTIALS } from "../test-support/test-emulator.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let fixture: RuntimeFixture;
  let client: SageMakerRuntimeClient;

  beforeAll(async () => {
    fixture = await startRuntimeFixture(mode);
    client = new SageMakerRuntimeClient({
      endpoint: fixture.emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
    });
    await fixture.emulator.s3Client.send(
      new PutObjectCommand({
        Bucket: "mme-models",
        Key: "async-in/req.json",
        Body: JSON.stringify(ADD_SUB_REQUEST),
      }),
    );
  });
  afterAll(async () => {
    client?.destroy();
    await fixture?.close();
  });

  async function readWhenPresent(url: string): Promise<string> {
    const { bucket, key } = parseS3ObjectUri(url);
    return vi.waitFor(
      async () => {
        const object = await fixture.emulator.s3Client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key }),
        );
        return object.Body!.transformToString();
      },
      { timeout: 10_000, interval: 100 },
    );
  }

  describe("InvokeEndpointAsync", () => {
    it("answers 202 with the output location, then writes the result there (SDK, single-model endpoint)", async () => {
      const response = await client.send(
        new InvokeEndpointAsyncCommand({
          EndpointName: "rt-single",
          ContentType: "application/json",
          InputLocation: "s3://mme-models/async-in/req.json",
          InferenceId: "my-inference",
        }),
      );
      expect(response.$metadata.httpStatusCode).toBe(202);
      expect(response.InferenceId).toBe("my-inference");
      expect(response.OutputLocation).toMatch(/^s3:\/\/mme-models\/async-output\/rt-single\/.+\.out$/);
      const body = JSON.parse(await readWhenPresent(response.OutputLocation!));
      expect(body.outputs.find((o: { name: string }) => o.name === "OUTPUT0").data).toEqual([11, 22, 33, 44]);
    });

    it("takes a target model only through the emulator's extension header", async () => {
      const post = (headers: Record<string, string>) =>
        fetch(`${fixture.emulator.url}/endpoints/rt/async-invocations`, {
          method: "POST",
          headers: { "X-Amzn-SageMaker-InputLocation": "s3://mme-models/async-in/req.json", ...headers },
        });
      const accepted = await post({ "X-Mme-Emulator-Target-Model": "add_sub_onnx_v0.tar.gz" });
      expect(accepted.status).toBe(202);
      const output = accepted.headers.get("x-amzn-sagemaker-outputlocation")!;
      expect(JSON.parse(await readWhenPresent(output)).outputs).toHaveLength(2);

      const failing = await post({});
      expect(failing.status).toBe(202);
      const failure = await readWhenPresent(failing.headers.get("x-amzn-sagemaker-failurelocation")!);
      expect(failure).toContain("missing a target model header");
    });

    it("refuses a request without an input location", async () => {
      const response = await fetch(`${fixture.emulator.url}/endpoints/rt/async-invocations`, {
        method: "POST",
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("x-amzn-errortype")).toBe("ValidationError");
    });
  });
});
