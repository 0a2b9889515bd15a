// InvokeEndpoint through the real AWS SDK v3 SageMakerRuntimeClient, wire details through fetch.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  type SageMakerRuntimeClient,
  ValidationError,
} from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTAINER_MODES } from "../test-support/container-modes.js";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { MODELS_URL, type RuntimeFixture, startRuntimeFixture } from "../test-support/runtime-fixture.js";
import { endpointStatus } from "../test-support/status-route.js";

describe.each(CONTAINER_MODES)("%s container", (mode) => {
  let fixture: RuntimeFixture;
  let client: SageMakerRuntimeClient;
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const decode = (body: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(body));

  beforeAll(async () => {
    fixture = await startRuntimeFixture(mode);
    client = fixture.emulator.runtimeClient();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  function invoke(input: Partial<ConstructorParameters<typeof InvokeEndpointCommand>[0]>) {
    return client.send(
      new InvokeEndpointCommand({
        EndpointName: "rt",
        ContentType: "application/json",
        Body: json(ADD_SUB_REQUEST),
        ...input,
      }),
    );
  }

  describe("InvokeEndpoint via SageMakerRuntimeClient", () => {
    it("invokes add_sub by TargetModel and reports the variant", async () => {
      const response = await invoke({ TargetModel: "add_sub_onnx_v0.tar.gz" });
      expect(response.InvokedProductionVariant).toBe("AllTraffic");
      expect(response.ContentType).toBe("application/json");
      expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
      const outputs = decode(response.Body).outputs as { name: string; data: number[] }[];
      expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
      expect(outputs.find((o) => o.name === "OUTPUT1")?.data).toEqual([-9, -18, -27, -36]);
    });

    it("says in X-Mme-Emulator-Model-Cache (an emulator extension) whether the request waited for a load", async () => {
      // A model of this test's own, cold until its first call.
      const dir = await mkdtemp(join(tmpdir(), "mme-cache-mark-"));
      const tarballName = "add_sub_onnx_cache_mark_v0.tar.gz";
      await addModel(fixture.emulator.s3Client, {
        dir: await writeAddSubOnnx(dir),
        tarballName,
        modelDataUrl: MODELS_URL,
      });
      await rm(dir, { recursive: true, force: true });
      // The SDK's raw answer, read where its deserializer gets it.
      const modelCache = async () => {
        const command = new InvokeEndpointCommand({
          EndpointName: "rt",
          TargetModel: tarballName,
          ContentType: "application/json",
          Body: json(ADD_SUB_REQUEST),
        });
        let header: string | undefined;
        command.middlewareStack.add(
          (next) => async (args) => {
            const out = await next(args);
            header = (out.response as { headers: Record<string, string> }).headers[
              "x-mme-emulator-model-cache"
            ];
            return out;
          },
          { step: "deserialize" },
        );
        await client.send(command);
        return header;
      };
      expect(await modelCache()).toBe("miss");
      expect(await modelCache()).toBe("hit");
    });

    it("decodes an unknown target as ValidationError with SageMaker's download message", async () => {
      const error = await invoke({ TargetModel: "nope.tar.gz" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).toBe(
        "Failed to download model data(bucket: mme-models, key: rt/nope.tar.gz). Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the model.",
      );
    });

    it("decodes a missing target header as ValidationError naming the request id", async () => {
      const error = (await invoke({}).catch((e: unknown) => e)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toBe(`Request ${error.$metadata.requestId} is missing a target model header`);
    });

    it("decodes a model that raises as ModelError with the original status and message", async () => {
      const error = (await invoke({ TargetModel: "raising_v0.tar.gz" }).catch(
        (e: unknown) => e,
      )) as ModelError;
      expect(error).toBeInstanceOf(ModelError);
      expect(error.$metadata.httpStatusCode).toBe(424);
      expect(error.OriginalStatusCode).toBeGreaterThanOrEqual(400);
      expect(error.OriginalMessage).toContain("boom from the model");
      expect(error.LogStreamArn).toMatch(
        /^arn:aws:logs:us-east-1:000000000000:log-group:\/aws\/sagemaker\/Endpoints\/rt:log-stream:AllTraffic\/i-[0-9a-f]{17}$/,
      );
    });

    it("decodes a load slower than the wait budget as ModelNotReadyException", async () => {
      const error = await invoke({ EndpointName: "rt-short-wait", TargetModel: "slow_v0.tar.gz" }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ModelNotReadyException);
      expect((error as ModelNotReadyException).$metadata.httpStatusCode).toBe(429);
    });

    it("refuses a target header on a single-model endpoint, and serves it without one", async () => {
      await expect(
        invoke({ EndpointName: "rt-single", TargetModel: "add_sub_onnx_v0.tar.gz" }),
      ).rejects.toMatchObject({
        name: "ValidationError",
        message: "Endpoint rt-single is not a multi-model endpoint and does not support target model header.",
      });
      const response = await invoke({ EndpointName: "rt-single" });
      expect(decode(response.Body).outputs).toHaveLength(2);
    });

    it("refuses unknown endpoints and names that break the rules", async () => {
      await expect(invoke({ EndpointName: "missing", TargetModel: "a.tar.gz" })).rejects.toMatchObject({
        name: "ValidationError",
        message: "Endpoint missing of account 000000000000 not found.",
      });
      await expect(invoke({ EndpointName: "bad_name", TargetModel: "a.tar.gz" })).rejects.toMatchObject({
        name: "ValidationError",
        message: expect.stringContaining("endpointName"),
      });
      await expect(invoke({ EndpointName: "a".repeat(64), TargetModel: "a.tar.gz" })).rejects.toMatchObject({
        name: "ValidationError",
      });
    });
  });

  describe("InvokeEndpoint wire details", () => {
    const url = () => `${fixture.emulator.url}/endpoints/rt/invocations`;

    it("refuses a body over 6,291,456 bytes with ValidationError", async () => {
      const response = await fetch(url(), {
        method: "POST",
        headers: { "X-Amzn-SageMaker-Target-Model": "add_sub_onnx_v0.tar.gz" },
        body: new Uint8Array(6_291_457),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("x-amzn-errortype")).toBe("ValidationError");
      expect(response.headers.get("x-amzn-requestid")).toBeTruthy();
      expect(((await response.json()) as { message: string }).message).toContain("6291456");
    });

    it("refuses malformed target headers without touching S3", async () => {
      for (const target of ["caf\u00e9.tar.gz", "../escape.tar.gz", "/abs.tar.gz", "a".repeat(1025)]) {
        const response = await fetch(url(), {
          method: "POST",
          headers: { "X-Amzn-SageMaker-Target-Model": target, "Content-Type": "application/json" },
          body: JSON.stringify(ADD_SUB_REQUEST),
        });
        expect(response.status, target).toBe(400);
        expect(response.headers.get("x-amzn-errortype"), target).toBe("ValidationError");
        expect(typeof ((await response.json()) as { message: unknown }).message).toBe("string");
      }
    });

    it("exposes CloudWatch-named metrics per endpoint and per model", async () => {
      await invoke({ TargetModel: "add_sub_onnx_v0.tar.gz" });
      const text = await (await fetch(`${fixture.emulator.url}/metrics`)).text();
      for (const name of [
        "Invocations",
        "Invocation4XXErrors",
        "InvocationModelErrors",
        "ModelLatency_bucket",
        "OverheadLatency_count",
        "ModelLoadingWaitTime_count",
        "ModelDownloadingTime_count",
        "ModelLoadingTime_count",
        "ModelCacheHit_sum",
        "LoadedModelCount",
        "mme_ModelExtractionTime_count",
      ]) {
        expect(text, name).toMatch(
          new RegExp(`^${name}\\{[^}]*EndpointName="rt",VariantName="AllTraffic"`, "m"),
        );
      }
      expect(text).toMatch(
        /^mme_model_Invocations\{EndpointName="rt",VariantName="AllTraffic",TargetModel="add_sub_onnx_v0.tar.gz"\} \d+/m,
      );
    });

    it("reports loaded models and the hit ratio on /mme/status", async () => {
      const rt = await endpointStatus(fixture.emulator.url, "rt");
      expect(rt.endpointStatus).toBe("InService");
      expect(rt.loadedModels).toContain("add_sub_onnx_v0.tar.gz");
      expect(rt.hitRatio).toBeGreaterThan(0);
      expect(rt.bytes?.disk.used).toBeGreaterThan(0);
      // One definition: the explorer's headline ratio is CloudWatch's ModelCacheHit average, though a
      // request above asked for a model whose download failed (neither a hit nor a miss).
      const text = await (await fetch(`${fixture.emulator.url}/metrics?name=ModelCacheHit`)).text();
      const value = (series: string) =>
        Number(
          new RegExp(
            `^ModelCacheHit_${series}\\{EndpointName="rt",VariantName="AllTraffic"\\} (\\S+)`,
            "m",
          ).exec(text)?.[1],
        );
      expect(rt.hitRatio).toBeCloseTo(value("sum") / value("count"), 12);
    });

    it("answers /ping", async () => {
      const response = await fetch(`${fixture.emulator.url}/ping`);
      expect(response.status).toBe(200);
    });
  });
});
