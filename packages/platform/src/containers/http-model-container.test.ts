import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RuntimeServer, startRuntimeServer } from "@mme/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContainer } from "./create-container.js";
import { ContainerUnavailableError } from "./errors.js";
import { HttpModelContainer } from "./http-model-container.js";
import { ONNX_FILE_FACTOR, ONNX_INSTANCE_OVERHEAD_BYTES } from "./memory-estimate.js";

const ADD_SUB_ONNX = path.resolve(import.meta.dirname, "../../../../model_registry/add_sub_onnx");
const decode = (body: Uint8Array) => Buffer.from(body).toString("utf8");
const ADD_SUB_REQUEST = new TextEncoder().encode(
  JSON.stringify({
    inputs: [
      { name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] },
      { name: "INPUT1", shape: [4], datatype: "FP32", data: [1, 1, 1, 1] },
    ],
  }),
);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

describe("HttpModelContainer against @mme/runtime's Triton-exact HTTP server", () => {
  let runtime: RuntimeServer;
  let container: HttpModelContainer;
  let root: string;
  const targets = new Map([
    ["m1", "add_sub_onnx.tar.gz"],
    ["m2", "team/other.tar.gz"],
  ]);
  /** What the platform extracts a tarball into: a folder holding the model folder. */
  const extracted = async (name: string) => {
    const url = path.join(root, name, "model");
    await cp(ADD_SUB_ONNX, path.join(url, "add_sub_onnx"), { recursive: true });
    return url;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "mme-http-container-"));
    runtime = await startRuntimeServer({ port: 0 });
    container = new HttpModelContainer({ url: runtime.url });
  });

  afterAll(async () => {
    await container.close();
    await runtime.close();
    await rm(root, { recursive: true, force: true });
  });

  it("loads under the TargetModel, invokes, estimates the footprint Triton does not report, unloads", async () => {
    expect((await container.ping()).status).toBe(200);
    const url = await extracted("m1");
    expect((await container.load("m1", url, targets.get("m1"))).status).toBe(200);
    expect((await container.load("m1", url, targets.get("m1"))).status).toBe(409);

    const info = await container.describe("m1");
    expect(info).toMatchObject({ modelName: "m1", modelUrl: url });
    const onnxBytes = (await import("node:fs")).statSync(path.join(ADD_SUB_ONNX, "1", "model.onnx")).size;
    expect(info?.memoryBytes).toBeGreaterThanOrEqual(
      Math.round(onnxBytes * ONNX_FILE_FACTOR + ONNX_INSTANCE_OVERHEAD_BYTES),
    );
    // Triton lists a model loaded under its TargetModel as {}: the client keeps only real entries.
    expect((await container.list()).models).toEqual([]);

    const res = await container.invoke("m1", ADD_SUB_REQUEST, {
      "content-type": "application/json",
      "x-amzn-sagemaker-target-model": "add_sub_onnx.tar.gz",
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(decode(res.body)).model_name).toBe("add_sub_onnx.tar.gz");
    const outputs = JSON.parse(decode(res.body)).outputs as { name: string; data: number[] }[];
    expect(outputs.find((o) => o.name === "OUTPUT0")?.data).toEqual([2, 3, 4, 5]);
    expect(outputs.find((o) => o.name === "OUTPUT1")?.data).toEqual([0, 1, 2, 3]);

    expect((await container.unload("m1")).status).toBe(200);
    expect(runtime.runtime.isLoaded("add_sub_onnx.tar.gz")).toBe(false);
    expect(await container.describe("m1")).toBeUndefined();
    expect((await container.invoke("m1", new Uint8Array(), {})).status).toBe(404);
  });

  it("names the model on every invoke as it was loaded, even when the invoke carries no header", async () => {
    const url = await extracted("m2");
    expect((await container.load("m2", url, targets.get("m2"))).status).toBe(200);
    const res = await container.invoke("m2", ADD_SUB_REQUEST, { "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect((await container.unload("m2")).status).toBe(200);
  });

  it("passes a failed load's status and message through", async () => {
    const res = await container.load("broken", path.join(root, "does-not-exist"));
    expect(res.status).toBe(400);
    expect(decode(res.body)).toContain("repository not found");
  });

  it("lists models loaded without a TargetModel by their names", async () => {
    expect((await container.load("a", await extracted("a"))).status).toBe(200);
    expect((await container.list()).models.map((m) => m.modelName)).toEqual(["a"]);
    expect((await container.unload("a")).status).toBe(200);
  });
});

describe("HttpModelContainer on the wire", () => {
  it("sends the TargetModel on load and unload, and tolerates Triton's {} entries and empty 404s", async () => {
    const seen: { method: string; url: string; target: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        target: req.headers["x-amzn-sagemaker-target-model"] as string | undefined,
      });
      req.resume();
      req.on("end", () => {
        if (req.method === "GET" && req.url?.startsWith("/models?"))
          res.end('{"models":[{},{"modelName":"x","modelUrl":"/u"}]}');
        else if (req.method === "GET") res.writeHead(404).end();
        else res.writeHead(200).end();
      });
    });
    const container = new HttpModelContainer({ url: await listen(server) });
    expect((await container.load("abc", "/opt/ml/models/abc/model", "team/a.tar.gz")).status).toBe(200);
    expect((await container.unload("abc")).status).toBe(200);
    expect(seen.map((r) => [r.method, r.url, r.target])).toEqual([
      ["POST", "/models", "team/a.tar.gz"],
      ["DELETE", "/models/abc", "team/a.tar.gz"],
    ]);
    expect((await container.list(undefined, 5)).models).toEqual([{ modelName: "x", modelUrl: "/u" }]);
    expect(await container.describe("abc")).toBeUndefined();
    await container.close();
    server.close();
  });

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
