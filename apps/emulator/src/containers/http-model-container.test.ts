import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type RuntimeServer, startRuntimeServer } from "@mme/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer } from "./create-container.js";
import { ContainerUnavailableError } from "./errors.js";
import { HttpModelContainer } from "./http-model-container.js";

const ADD_SUB_ONNX = path.resolve(import.meta.dirname, "../../../../model_registry/add_sub_onnx");
const decode = (body: Uint8Array) => Buffer.from(body).toString("utf8");

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe("HttpModelContainer against @mme/runtime's HTTP server", () => {
  let runtime: RuntimeServer;
  let container: HttpModelContainer;

  beforeAll(async () => {
    runtime = await startRuntimeServer({ port: 0 });
    container = new HttpModelContainer({ url: runtime.url });
  });

  afterAll(async () => {
    await container.close();
    await runtime.close();
  });

  it("pings, loads, lists, describes, invokes and unloads a model", async () => {
    expect((await container.ping()).status).toBe(200);
    expect((await container.load("m1", ADD_SUB_ONNX)).status).toBe(200);
    expect((await container.load("m1", ADD_SUB_ONNX)).status).toBe(409);

    const info = await container.describe("m1");
    expect(info).toMatchObject({ modelName: "m1", modelUrl: ADD_SUB_ONNX });
    expect(info?.memoryBytes).toBeGreaterThan(0);
    expect((await container.list()).models).toEqual([{ modelName: "m1", modelUrl: ADD_SUB_ONNX }]);

    const request = {
      inputs: [
        { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
        { name: "INPUT1", shape: [4], datatype: "FP32", data: [1, 1, 1, 1] },
      ],
    };
    const res = await container.invoke("m1", new TextEncoder().encode(JSON.stringify(request)), {
      "content-type": "application/json",
      "x-amzn-sagemaker-target-model": "add_sub_onnx.tar.gz",
    });
    expect(res.status).toBe(200);
    const outputs = JSON.parse(decode(res.body)).outputs as { name: string; data: number[] }[];
    expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([2, 3, 4, 5]);
    expect(outputs.find((o) => o.name === "OUTPUT1")?.data).toEqual([0, 1, 2, 3]);

    expect((await container.unload("m1")).status).toBe(200);
    expect(await container.describe("m1")).toBeUndefined();
    expect((await container.invoke("m1", new Uint8Array(), {})).status).toBe(404);
  });

  it("passes a failed load's status and message through", async () => {
    const res = await container.load("broken", path.join(ADD_SUB_ONNX, "does-not-exist"));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(decode(res.body)).toContain("does not exist");
  });

  it("pages through list results", async () => {
    await container.load("a", ADD_SUB_ONNX);
    await container.load("b", ADD_SUB_ONNX);
    const first = await container.list(undefined, 1);
    expect(first.models.map((m) => m.modelName)).toEqual(["a"]);
    const second = await container.list(first.nextPageToken, 1);
    expect(second.models.map((m) => m.modelName)).toEqual(["b"]);
    expect(second.nextPageToken).toBeUndefined();
  });
});

describe("HttpModelContainer on the wire", () => {
  it("forwards the target-model and content headers, and nothing else", async () => {
    let seen: IncomingHttpHeaders = {};
    let seenPath = "";
    const server = createServer((req, res) => {
      seen = req.headers;
      seenPath = req.url ?? "";
      req.resume();
      req.on("end", () =>
        res
          .writeHead(200, { "content-type": "text/csv", "x-amzn-sagemaker-custom-attributes": "k=v" })
          .end("1,2"),
      );
    });
    const container = new HttpModelContainer({ url: await listen(server) });
    const res = await container.invoke("abc.def", new TextEncoder().encode("x"), {
      "content-type": "text/csv",
      accept: "text/csv",
      "x-amzn-sagemaker-target-model": "team/a.tar.gz",
      "x-amzn-sagemaker-custom-attributes": "trace=1",
      authorization: "AWS4-HMAC-SHA256 secret",
    });
    expect(seenPath).toBe("/models/abc.def/invoke");
    expect(seen["x-amzn-sagemaker-target-model"]).toBe("team/a.tar.gz");
    expect(seen["content-type"]).toBe("text/csv");
    expect(seen.accept).toBe("text/csv");
    expect(seen["x-amzn-sagemaker-custom-attributes"]).toBe("trace=1");
    expect(seen.authorization).toBeUndefined();
    expect(res.headers["x-amzn-sagemaker-custom-attributes"]).toBe("k=v");
    expect(decode(res.body)).toBe("1,2");
    await container.close();
    server.close();
  });

  it("turns a refused connection into ContainerUnavailableError", async () => {
    const server = createServer();
    const url = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const container = new HttpModelContainer({ url });
    const error = await container.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerUnavailableError);
    expect((error as ContainerUnavailableError).failure).toBe("unreachable");
    await container.close();
  });

  it("turns a container that never answers into a timeout ContainerUnavailableError", async () => {
    const server = createServer(() => {});
    const container = new HttpModelContainer({ url: await listen(server), invokeTimeoutMs: 300 });
    const error = await container.invoke("m", new Uint8Array(), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerUnavailableError);
    expect((error as ContainerUnavailableError).failure).toBe("timeout");
    await container.close();
    server.closeAllConnections();
    server.close();
  });
});

describe("createContainer", () => {
  it("defaults to the in-process runtime", async () => {
    const container = await createContainer();
    expect((await container.ping()).status).toBe(200);
    expect((await container.load("m", ADD_SUB_ONNX)).status).toBe(200);
    expect((await container.describe("m"))?.modelName).toBe("m");
    await container.close();
  });

  it("builds an HTTP client for kind http", async () => {
    const container = await createContainer({ kind: "http", url: "http://127.0.0.1:1" });
    expect(container).toBeInstanceOf(HttpModelContainer);
    await container.close();
  });
});
