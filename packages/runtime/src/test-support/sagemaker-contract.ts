// The MME container contract as Triton 25.03's SageMaker front end keeps it: what qa/L0_sagemaker
// (sagemaker_multi_model_test.py) checks, and what src/sagemaker_server.cc answers where the L0 test
// is silent, as a suite any container can be held to (@mme/runtime's own process, a Triton in Docker).
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { addSubOnnxModel, smallImageModel, writeAddSubEnsemble, writeModelFolder } from "@mme/model-registry";
import { type Dispatcher, Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callPool } from "./call-pool.js";
import { addSubRequest, writePythonModel } from "./fixtures.js";

export interface ContractTarget {
  /** The container's base URL. */
  url: string;
  /** The models folder as the container sees it (for a Triton in Docker: /opt/ml/models). */
  modelsRoot: string;
  /** The same folder as this process writes it (the host side of the mount); modelsRoot when shared. */
  modelsDir: string;
}

export interface RunningContractTarget extends ContractTarget {
  stop(): Promise<void>;
}

const TARGET = "x-amzn-sagemaker-target-model";
const BINARY_MIME = "application/vnd.sagemaker-triton.binary+json;json-header-size=";

let pool: Pool;
let root: string;
let target: RunningContractTarget;
const run = randomUUID().replaceAll("-", "").slice(0, 12);

/**
 * A SageMaker-style model folder, <root>/<hash>/model, holding add_sub_onnx (or what `write` puts there);
 * written through modelsDir, named by its path under modelsRoot (what the container sees).
 */
async function modelUrl(
  hash: string,
  write: (dir: string) => Promise<unknown> = (dir) => writeModelFolder(dir, addSubOnnxModel()),
) {
  const dir = join(target.modelsDir, hash, "model");
  await mkdir(dir, { recursive: true });
  await write(dir);
  return join(root, hash, "model");
}

const hashOf = (label: string) => `${label}${run}`;

const call = (
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) => callPool(pool, method as Dispatcher.HttpMethod, path, body, headers);

const load = (model_name: string, url: string, target?: string) =>
  call("POST", "/models", JSON.stringify({ model_name, url }), {
    "content-type": "application/json",
    ...(target ? { [TARGET]: target } : {}),
  });
const invoke = (hash: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  call("POST", `/models/${hash}/invoke`, body, { "content-type": "application/json", ...headers });
const unload = (hash: string, target?: string) =>
  call("DELETE", `/models/${hash}`, undefined, target ? { [TARGET]: target } : {});

function binaryAddSubRequest(a: number[], b: number[]) {
  const header = new TextEncoder().encode(
    JSON.stringify({
      inputs: [
        { name: "INPUT0", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
        { name: "INPUT1", shape: [4], datatype: "FP32", parameters: { binary_data_size: 16 } },
      ],
      outputs: [{ name: "OUTPUT0", parameters: { binary_data: true } }],
    }),
  );
  const body = Buffer.concat([
    header,
    Buffer.from(new Float32Array(a).buffer),
    Buffer.from(new Float32Array(b).buffer),
  ]);
  return { body, headerLength: header.byteLength };
}

/** Declares the contract's tests against the container `start` brings up (once, before them). */
export function describeSageMakerContract(label: string, start: () => Promise<RunningContractTarget>): void {
  describe(label, () => {
    beforeAll(async () => {
      target = await start();
      root = target.modelsRoot;
      pool = new Pool(target.url, { connections: 8 });
    });
    afterAll(async () => {
      await pool?.close();
      await target?.stop();
    });

    describe("GET /ping", () => {
      it("answers 200 with an empty body, and 405 to another method", async () => {
        const ping = await call("GET", "/ping");
        expect(ping.status).toBe(200);
        expect(ping.bytes.byteLength).toBe(0);
        const post = await call("POST", "/ping");
        expect(post.status).toBe(405);
        expect(post.json).toEqual({ error: "Method Not Allowed" });
      });
    });

    describe("a model loaded without a Target-Model header (test_sm_1..5)", () => {
      const hash = hashOf("sm_mme_model_1_");
      let url: string;

      it("loads (200, empty body), then refuses the same load and a second name for the url (409)", async () => {
        url = await modelUrl(hash);
        const first = await load(hash, url);
        expect(first.status).toBe(200);
        expect(first.bytes.byteLength).toBe(0);
        const again = await load(hash, url);
        expect(again.status).toBe(409);
        expect(again.json.error).toBe(`model repository '${url}' has already been registered`);
        const otherName = await load(`${hash}_b`, url);
        expect(otherName.status).toBe(409);
      });

      it("is listed and described as exactly {modelName, modelUrl}, the url being the registered repository", async () => {
        const described = await call("GET", `/models/${hash}`);
        expect(described.status).toBe(200);
        expect(described.json).toEqual({ modelName: hash, modelUrl: url });
        const listed = await call("GET", "/models");
        expect(listed.status).toBe(200);
        expect(Object.keys(listed.json)).toEqual(["models"]);
        expect(listed.json.models).toContainEqual({ modelName: hash, modelUrl: url });
        // A trailing slash is the same route; query strings are not pagination (Triton has none).
        expect((await call("GET", "/models/?max_results=1")).json).toEqual(listed.json);
      });

      it("invokes under its hash name: JSON in, JSON out, Content-Type exactly application/json", async () => {
        const reply = await invoke(hash, addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]));
        expect(reply.status).toBe(200);
        expect(reply.headers["content-type"]).toBe("application/json");
        expect(reply.json).toEqual({
          model_name: hash,
          model_version: "1",
          outputs: [
            { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [5, 5, 5, 5] },
            { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [-3, -1, 1, 3] },
          ],
        });
      });

      it("answers an invoke whose Target-Model names no loaded model with 400 'unknown model'", async () => {
        const reply = await invoke(hash, addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]), {
          [TARGET]: "add_sub.tar.gz",
        });
        expect(reply.status).toBe(400);
        expect(reply.headers["content-type"]).toBe("application/json");
        expect(reply.json.error).toBe("Request for unknown model: 'add_sub.tar.gz' is not found");
      });

      it("answers binary outputs in SageMaker's binary content type, with no Inference-Header-Content-Length", async () => {
        const { body, headerLength } = binaryAddSubRequest([1, 2, 3, 4], [0.5, 0.5, 0.5, 0.5]);
        const reply = await invoke(hash, body, { "content-type": `${BINARY_MIME}${headerLength}` });
        expect(reply.status).toBe(200);
        const contentType = String(reply.headers["content-type"]);
        expect(contentType.startsWith(BINARY_MIME)).toBe(true);
        expect(reply.headers["inference-header-content-length"]).toBeUndefined();
        const size = Number(contentType.slice(BINARY_MIME.length));
        const json = JSON.parse(new TextDecoder().decode(reply.bytes.subarray(0, size)));
        expect(json.outputs).toEqual([
          { name: "OUTPUT0", datatype: "FP32", shape: [4], parameters: { binary_data_size: 16 } },
        ]);
        expect([...new Float32Array(reply.bytes.slice(size).buffer)]).toEqual([1.5, 2.5, 3.5, 4.5]);
      });

      it("answers binary outputs to a JSON request in the binary content type too", async () => {
        const reply = await invoke(
          hash,
          addSubRequest([1, 2, 3, 4], [1, 1, 1, 1], { parameters: { binary_data_output: true } }),
        );
        expect(reply.status).toBe(200);
        expect(String(reply.headers["content-type"]).startsWith(BINARY_MIME)).toBe(true);
        const size = Number(String(reply.headers["content-type"]).slice(BINARY_MIME.length));
        expect([...new Float32Array(reply.bytes.slice(size, size + 16).buffer)]).toEqual([2, 3, 4, 5]);
      });

      it("reads the body as JSON unless the content type says otherwise (Inference-Header-Content-Length is ignored)", async () => {
        const { body, headerLength } = binaryAddSubRequest([1, 2, 3, 4], [1, 1, 1, 1]);
        const viaHeader = await invoke(hash, body, {
          "content-type": "application/octet-stream",
          "inference-header-content-length": String(headerLength),
        });
        expect(viaHeader.status).toBe(400);
        expect(typeof viaHeader.json.error).toBe("string");
        // The match is on the exact text `;json-header-size=`: with a space the whole body is JSON again.
        const spaced = await invoke(hash, body, {
          "content-type": `application/vnd.sagemaker-triton.binary+json; json-header-size=${headerLength}`,
        });
        expect(spaced.status).toBe(400);
        const beyond = await invoke(hash, body, { "content-type": `${BINARY_MIME}${body.byteLength + 1}` });
        expect(beyond.status).toBe(400);
        expect(beyond.json.error).toBe(
          `inference header size should be in range (0, ${body.byteLength}), got: ${body.byteLength + 1}`,
        );
      });

      it("answers a request the model refuses with 400 and a JSON error", async () => {
        const reply = await invoke(
          hash,
          JSON.stringify({ inputs: [{ name: "INPUT0", shape: [4], datatype: "FP32", data: [1, 2, 3, 4] }] }),
        );
        expect(reply.status).toBe(400);
        expect(reply.headers["content-type"]).toBe("application/json");
        expect(typeof reply.json.error).toBe("string");
      });

      it("unloads (200, empty body); after that GET, DELETE and invoke answer 404 with empty bodies", async () => {
        const first = await unload(hash);
        expect(first.status).toBe(200);
        expect(first.bytes.byteLength).toBe(0);
        for (const reply of [
          await unload(hash),
          await call("GET", `/models/${hash}`),
          await invoke(hash, addSubRequest([1, 2, 3, 4], [1, 1, 1, 1])),
          await unload("sm_non_loaded_model"),
        ]) {
          expect(reply.status).toBe(404);
          expect(reply.bytes.byteLength).toBe(0);
        }
        expect((await call("GET", "/models")).json.models).not.toContainEqual({
          modelName: hash,
          modelUrl: url,
        });
      });
    });

    describe("a model loaded with a Target-Model header, as SageMaker loads", () => {
      const hash = hashOf("h2_");
      const target = `team/add_sub_onnx_${run}.tar.gz`;
      let url: string;

      it("is named after the header: invokes carrying it run, invokes without it are 400 'unknown model'", async () => {
        url = await modelUrl(hash);
        expect((await load(hash, url, target)).status).toBe(200);
        const reply = await invoke(hash, addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]), { [TARGET]: target });
        expect(reply.status).toBe(200);
        expect(reply.json.model_name).toBe(target);
        expect(reply.json.outputs[0].data).toEqual([5, 5, 5, 5]);
        const bare = await invoke(hash, addSubRequest([1, 2, 3, 4], [4, 3, 2, 1]));
        expect(bare.status).toBe(400);
        expect(bare.json.error).toBe(`Request for unknown model: '${hash}' is not found`);
      });

      it("is described under its hash, and listed as {} (Triton asks whether a model named by the hash is ready)", async () => {
        expect((await call("GET", `/models/${hash}`)).json).toEqual({ modelName: hash, modelUrl: url });
        const listed = (await call("GET", "/models")).json.models as unknown[];
        expect(listed).toContainEqual({});
        expect(listed).not.toContainEqual({ modelName: hash, modelUrl: url });
      });

      it("refuses another hash loaded under the same Target-Model (409) until the first is unloaded with it", async () => {
        const other = hashOf("h3_");
        const otherUrl = await modelUrl(other);
        const clash = await load(other, otherUrl, target);
        expect(clash.status).toBe(409);
        expect(clash.json.error).toBe(
          `failed to register '${target}', there is a conflicting mapping for '${target}'`,
        );
        expect((await unload(hash, target)).status).toBe(200);
        expect((await call("GET", `/models/${hash}`)).status).toBe(404);
        expect((await load(other, otherUrl, target)).status).toBe(200);
        expect(
          (await invoke(other, addSubRequest([1, 1, 1, 1], [1, 1, 1, 1]), { [TARGET]: target })).status,
        ).toBe(200);
        expect((await unload(other, target)).status).toBe(200);
      });
    });

    describe("an ensemble tarball (test_sm_6)", () => {
      const hash = hashOf("ensemble_");
      const target = `add_sub_ensemble_${run}.tar.gz`;

      it("loads the ensemble and its steps as one, runs the steps as wired, and unloads them as one", async () => {
        const url = await modelUrl(hash, writeAddSubEnsemble);
        const loaded = await load(hash, url, target);
        expect(loaded.status, loaded.text).toBe(200);
        const reply = await invoke(hash, addSubRequest([1, 2, 3, 4], [10, 20, 30, 40]), { [TARGET]: target });
        expect(reply.status, reply.text).toBe(200);
        expect(reply.json.model_name).toBe(target);
        // add_sub_onnx → SUM, DIFF; Python add_sub → SUM + DIFF, SUM − DIFF.
        expect(reply.json.outputs).toEqual([
          { name: "OUTPUT0", datatype: "FP32", shape: [4], data: [2, 4, 6, 8] },
          { name: "OUTPUT1", datatype: "FP32", shape: [4], data: [20, 40, 60, 80] },
        ]);
        expect((await unload(hash, target)).status).toBe(200);
        expect((await call("GET", `/models/${hash}`)).status).toBe(404);
      });
    });

    describe("a model that raises while it runs", () => {
      const hash = hashOf("raising_");
      const RAISING_PY = `
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        raise ValueError("boom from the contract model")
`;

      it("is a 400 carrying the model's message, labelled text/plain as Triton's asynchronous replies are", async () => {
        const url = await modelUrl(hash, (dir) => writePythonModel(dir, "raising", RAISING_PY));
        expect((await load(hash, url)).status).toBe(200);
        const reply = await invoke(hash, addSubRequest([1, 2, 3, 4], [1, 1, 1, 1]));
        expect(reply.status).toBe(400);
        expect(reply.headers["content-type"]).toBe("text/plain");
        expect(reply.json.error).toContain("boom from the contract model");
        expect((await unload(hash)).status).toBe(200);
      });
    });

    describe("raw binary requests (json-header-size=0)", () => {
      const hash = hashOf("raw_");

      it("hand the whole body to a single-input model, shape from config.pbtxt, outputs in binary", async () => {
        const url = await modelUrl(hash, (dir) => writeModelFolder(dir, smallImageModel()));
        expect((await load(hash, url)).status).toBe(200);
        const pixels = new Float32Array(3 * 224 * 224).fill(0.5);
        const reply = await invoke(hash, new Uint8Array(pixels.buffer), {
          "content-type": `${BINARY_MIME}0`,
        });
        expect(reply.status, reply.text).toBe(200);
        const contentType = String(reply.headers["content-type"]);
        expect(contentType.startsWith(BINARY_MIME)).toBe(true);
        const size = Number(contentType.slice(BINARY_MIME.length));
        const json = JSON.parse(new TextDecoder().decode(reply.bytes.subarray(0, size)));
        expect(json.outputs).toEqual([
          { name: "OUTPUT__0", datatype: "FP32", shape: [1, 1000], parameters: { binary_data_size: 4000 } },
        ]);
        expect(reply.bytes.byteLength - size).toBe(4000);
        expect((await unload(hash)).status).toBe(200);
      });

      it("are refused for a model with more than one input, as is an empty body", async () => {
        const twoInputs = hashOf("raw2_");
        expect((await load(twoInputs, await modelUrl(twoInputs))).status).toBe(200);
        const raw = await invoke(twoInputs, new Uint8Array(32), { "content-type": `${BINARY_MIME}0` });
        expect(raw.status).toBe(400);
        expect(raw.json.error).toContain("Raw request must only have 1 input");
        const emptyBody = await invoke(twoInputs, new Uint8Array(0));
        expect(emptyBody.status).toBe(400);
        expect(emptyBody.json.error).toContain("Raw request must only have 1 input");
        expect((await unload(twoInputs)).status).toBe(200);
      });
    });

    describe("load refusals", () => {
      it("answers 400 naming the repository for a folder that does not exist", async () => {
        const url = join(root, hashOf("missing_"), "model");
        const reply = await load(hashOf("missing_"), url);
        expect(reply.status).toBe(400);
        expect(reply.json.error).toBe(`failed to register '${url}', repository not found`);
      });

      it("answers 400 for a url under /proc/ or /dev/", async () => {
        expect((await load(hashOf("proc_"), "/proc/self/model")).status).toBe(400);
        expect((await load(hashOf("dev_"), "/dev/null/model")).status).toBe(400);
      });

      it("answers 400 with a JSON error for a body that is not JSON", async () => {
        const reply = await call("POST", "/models", "{not json", { "content-type": "application/json" });
        expect(reply.status).toBe(400);
        expect(typeof reply.json.error).toBe("string");
      });

      it("registers the /opt/ml/models/<hash> folder when config.pbtxt sits directly in the url", async () => {
        const hash = hashOf("flat_");
        const url = await modelUrl(hash, async (dir) => {
          const flat = addSubOnnxModel();
          await writeModelFolder(join(dir, ".."), { ...flat, name: "model" });
        });
        const reply = await load(hash, url);
        if (root.startsWith("/opt/ml/models")) {
          // Triton's own layout (test_sm_2: modelUrl is the url without /model).
          expect(reply.status).toBe(200);
          expect((await call("GET", `/models/${hash}`)).json).toEqual({
            modelName: hash,
            modelUrl: join(root, hash),
          });
          expect((await unload(hash)).status).toBe(200);
        } else {
          // Elsewhere 25.03 registers an empty repository path, which does not exist.
          expect(reply.status).toBe(400);
          expect(reply.json.error).toBe("failed to register '', repository not found");
        }
      });
    });

    describe("routes and methods Triton does not serve", () => {
      it.each([
        ["GET", "/nothing-here"],
        ["PUT", "/models"],
        ["PATCH", "/models/abc"],
        ["GET", "/models/a/b"],
      ])("%s %s is a 400 with an empty body", async (method, path) => {
        const reply = await call(method, path);
        expect(reply.status).toBe(400);
        expect(reply.bytes.byteLength).toBe(0);
      });
    });
  });
}
