// An endpoint whose container is @mme/runtime's HTTP server (MME_CONTAINER_URL in the model's
// Environment), driven through the emulator by the AWS SDK: the MME container contract on the wire.

import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InvokeEndpointCommand,
  ModelError,
  type SageMakerRuntimeClient,
} from "@aws-sdk/client-sagemaker-runtime";
import { addModel } from "@mme/core";
import { type RuntimeServer, startRuntimeServer } from "@mme/runtime";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADD_SUB_REQUEST, writeAddSubOnnx } from "../test-support/models.js";
import { startTestEmulator, type TestEmulator } from "../test-support/test-emulator.js";

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

let emulator: TestEmulator;
let runtime: RuntimeServer;
let client: SageMakerRuntimeClient;
let workDir: string;
const seen: SeenRequest[] = [];

beforeAll(async () => {
  runtime = await startRuntimeServer({ port: 0, logger: pino({ level: "silent" }) });
  // Observes what reaches the container; the runtime's own handler still answers.
  runtime.server.on("request", (req) =>
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers }),
  );
  emulator = await startTestEmulator();
  workDir = await mkdtemp(join(tmpdir(), "mme-http-container-"));
  await addModel(emulator.s3Client, {
    dir: await writeAddSubOnnx(workDir),
    tarballName: "team/add_sub_onnx_v0.tar.gz",
    modelDataUrl: "s3://mme-models/http/",
  });
  await emulator.declareMultiModelEndpoint("via-http", "s3://mme-models/http/", {
    MME_CONTAINER_URL: runtime.url,
  });
  client = emulator.runtimeClient();
});
afterAll(async () => {
  await emulator?.stop();
  await runtime?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it("loads and invokes add_sub in the HTTP container, forwarding the target-model header", async () => {
  const response = await client.send(
    new InvokeEndpointCommand({
      EndpointName: "via-http",
      TargetModel: "team/add_sub_onnx_v0.tar.gz",
      ContentType: "application/json",
      CustomAttributes: "trace=abc",
      Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
    }),
  );
  const outputs = JSON.parse(new TextDecoder().decode(response.Body)).outputs as {
    name: string;
    data: number[];
  }[];
  expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
  expect(outputs.find((o) => o.name === "OUTPUT1")?.data).toEqual([-9, -18, -27, -36]);

  // SageMaker's load carries the TargetModel too: Triton names the model after it, and the invoke's
  // header must name the same model (without it on the load, every invoke is a 400 "unknown model").
  const load = seen.find((r) => r.method === "POST" && r.url === "/models");
  expect(load, "the platform loads through POST /models").toBeDefined();
  expect(load!.headers["x-amzn-sagemaker-target-model"]).toBe("team/add_sub_onnx_v0.tar.gz");
  const invoke = seen.find((r) => r.method === "POST" && /^\/models\/[^/]+\/invoke$/.test(r.url));
  expect(invoke, "the platform invokes through POST /models/{name}/invoke").toBeDefined();
  expect(invoke!.headers["x-amzn-sagemaker-target-model"]).toBe("team/add_sub_onnx_v0.tar.gz");
  expect(invoke!.headers["x-amzn-sagemaker-custom-attributes"]).toBe("trace=abc");
  expect(invoke!.headers["content-type"]).toBe("application/json");
  // SigV4 stays with the platform: the container never sees the caller's credentials.
  expect(invoke!.headers.authorization).toBeUndefined();

  // The container knows the model by the platform's name (Triton's SageMaker mode: [0-9A-Za-z._]+),
  // loaded from <models>/<name>/model.
  const name = /^\/models\/([^/]+)\/invoke$/.exec(invoke!.url)![1]!;
  expect(name).toMatch(/^[0-9A-Za-z._]+$/);
  const described = (await (await fetch(`${runtime.url}/models/${name}`)).json()) as { modelUrl: string };
  expect(described.modelUrl).toMatch(new RegExp(`/${name}/model$`));
  expect(runtime.runtime.isLoaded("team/add_sub_onnx_v0.tar.gz")).toBe(true);
});

it("reloads a model the container lost (a restarted container answers 404), after one ModelError", async () => {
  const loadedAs = seen.find((r) => r.method === "POST" && /^\/models\/[^/]+\/invoke$/.test(r.url))!.url;
  const name = /^\/models\/([^/]+)\/invoke$/.exec(loadedAs)![1]!;
  // What a container restart does to the platform's books: the model is gone behind its back.
  const gone = await fetch(`${runtime.url}/models/${name}`, {
    method: "DELETE",
    headers: { "X-Amzn-SageMaker-Target-Model": "team/add_sub_onnx_v0.tar.gz" },
  });
  expect(gone.status).toBe(200);

  const invoke = () =>
    client.send(
      new InvokeEndpointCommand({
        EndpointName: "via-http",
        TargetModel: "team/add_sub_onnx_v0.tar.gz",
        ContentType: "application/json",
        Body: new TextEncoder().encode(JSON.stringify(ADD_SUB_REQUEST)),
      }),
    );
  const error = (await invoke().catch((e: unknown) => e)) as ModelError;
  expect(error).toBeInstanceOf(ModelError);
  expect(error.OriginalStatusCode).toBe(404);
  // Triton's 404 has an empty body.
  expect(error.OriginalMessage).toBe("");

  const response = await invoke();
  const outputs = JSON.parse(new TextDecoder().decode(response.Body)).outputs as {
    name: string;
    data: number[];
  }[];
  expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([11, 22, 33, 44]);
  expect(seen.filter((r) => r.method === "POST" && r.url === "/models")).toHaveLength(2);
});

it("unloads from the HTTP container when the emulator stops", async () => {
  const before = (await (await fetch(`${runtime.url}/models`)).json()) as { models: unknown[] };
  expect(before.models.length).toBeGreaterThan(0);
  await emulator.stop();
  const after = (await (await fetch(`${runtime.url}/models`)).json()) as { models: unknown[] };
  expect(after.models).toEqual([]);
  const unloads = seen.filter((r) => r.method === "DELETE" && r.url.startsWith("/models/"));
  expect(unloads.at(-1)?.headers["x-amzn-sagemaker-target-model"]).toBe("team/add_sub_onnx_v0.tar.gz");
  expect(runtime.runtime.isLoaded("team/add_sub_onnx_v0.tar.gz")).toBe(false);
});
