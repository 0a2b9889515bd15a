// The runtime over HTTP as Triton 25.03's SageMaker front end answers (src/sagemaker_server.cc in
// triton-inference-server/server): the same routes, statuses, bodies and content types, with the
// embedded runtime in the place of Triton's core. What still differs is in the README.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { join, normalize, resolve } from "node:path";
import {
  INFERENCE_HEADER_CONTENT_LENGTH,
  kserveErrorBody,
  sagemakerBinaryContentType,
} from "@mme/core/kserve";
import type { EmbeddedRuntime } from "../embedded-runtime.js";
import { rawInputRequest } from "./raw-input.js";
import { isDirectory, resolveLoad } from "./resolve-load.js";
import { isOutOfMemory, SAGEMAKER_BINARY_MIME, TARGET_MODEL_HEADER } from "./sagemaker-constants.js";
import { RepositoryConflictError, SageMakerModels } from "./sagemaker-models.js";

/** Triton's HTTP front ends default to a 64 MB request limit (--http-max-input-size). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MODELS_ROUTE = /^\/models(?:\/)?([^/]+)?(\/invoke)?$/;

type Core = Pick<EmbeddedRuntime, "load" | "unload" | "invoke" | "isLoaded" | "isReady" | "modelConfig">;

interface Reply {
  status: number;
  /** Triton sets a type only on inference answers; libevhtp labels every other reply text/plain. */
  contentType?: string;
  body?: Uint8Array | string;
}

const empty = (status: number): Reply => ({ status });
const errorJson = (status: number, message: string, contentType?: string): Reply => ({
  status,
  body: kserveErrorBody(message),
  ...(contentType ? { contentType } : {}),
});

export interface RuntimeAppOptions {
  /** SAGEMAKER_TRITON_DEFAULT_MODEL_NAME: the model POST /invocations runs. */
  defaultModelName?: string;
}

export function createRuntimeApp(core: Core, options: RuntimeAppOptions = {}): RequestListener {
  const models = new SageMakerModels();
  const defaultModel = options.defaultModelName ?? "unspecified_SAGEMAKER_TRITON_DEFAULT_MODEL_NAME";

  async function handle(req: IncomingMessage, body: Uint8Array): Promise<Reply> {
    // evhtp's path: the request target up to the query, taken as it is (no decoding, no // collapsing).
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (path === "/ping") {
      return req.method === "GET" ? empty(200) : errorJson(405, "Method Not Allowed");
    }
    if (path === "/invocations") return infer(defaultModel, req, body);
    const route = MODELS_ROUTE.exec(path);
    if (!route) return empty(400);
    const [, name = "", action = ""] = route;
    const target = header(req, TARGET_MODEL_HEADER);
    switch (req.method) {
      case "GET":
        return name === "" ? list() : describe(name);
      case "POST":
        if (action === "/invoke") {
          if (!models.get(name)) return empty(404);
          return infer(target ?? name, req, body);
        }
        return load(body, target);
      case "DELETE":
        return unload(name, target);
      default:
        return empty(400);
    }
  }

  function list(): Reply {
    // Triton asks whether a model *named by the hash* is ready at version 1; a model loaded under its
    // Target-Model name (or serving another version) is listed as an empty object.
    const entries = models
      .all()
      .map((m) => (core.isReady(m.hashName, "1") ? { modelName: m.hashName, modelUrl: m.repository } : {}));
    return { status: 200, body: JSON.stringify({ models: entries }) };
  }

  function describe(hashName: string): Reply {
    const model = models.get(hashName);
    if (!model) return empty(404);
    return { status: 200, body: JSON.stringify({ modelName: model.hashName, modelUrl: model.repository }) };
  }

  async function load(body: Uint8Array, targetHeader: string | undefined): Promise<Reply> {
    let hashName = "";
    let url = "";
    if (body.byteLength > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body).toString("utf8"));
      } catch (error) {
        return errorJson(400, `failed to parse the request JSON buffer: ${(error as Error).message}`);
      }
      const fields = (parsed ?? {}) as Record<string, unknown>;
      for (const [key, value] of [
        ["model_name", fields.model_name],
        ["url", fields.url],
      ] as const) {
        if (value !== undefined && typeof value !== "string")
          return errorJson(400, `attempt to access JSON non-string as string ('${key}')`);
      }
      hashName = (fields.model_name as string | undefined) ?? "";
      url = (fields.url as string | undefined) ?? "";
    }
    // Triton 2.67 (26.x) and later: a url under /dev/, /proc/ or /sys/ is refused, empty 400.
    const absolute = resolve(normalize(url || "."));
    if (["/dev/", "/proc/", "/sys/"].some((p) => absolute.startsWith(p))) return empty(400);
    const tritonName = targetHeader ?? hashName;
    const { repository, modelSubdir } = await resolveLoad(url);
    if (!(await isDirectory(repository)))
      return errorJson(400, `failed to register '${repository}', repository not found`);
    try {
      models.register(repository, tritonName);
    } catch (error) {
      if (error instanceof RepositoryConflictError) return errorJson(409, error.message);
      throw error;
    }
    // A model of this name left loaded by an unload that named another (Triton reloads it in place).
    if (core.isLoaded(tritonName)) await core.unload(tritonName);
    const loaded = await core.load(tritonName, join(repository, modelSubdir));
    if (loaded.status === 200) {
      models.add({ hashName, tritonName, repository });
      return empty(200);
    }
    models.unregister(repository);
    const message = errorMessage(loaded.body);
    return errorJson(
      loaded.status === 507 || isOutOfMemory(message) ? 507 : loaded.status === 409 ? 409 : 400,
      message,
    );
  }

  async function unload(hashName: string, targetHeader: string | undefined): Promise<Reply> {
    const model = models.get(hashName);
    if (!model) return empty(404);
    // Triton unloads the model the header names (the hash name without one) and its ensemble steps;
    // a name that matches no loaded model unloads nothing, and the repository is unregistered all the same.
    const tritonName = targetHeader ?? hashName;
    if (core.isLoaded(tritonName)) {
      const res = await core.unload(tritonName);
      if (res.status !== 200) return errorJson(400, errorMessage(res.body));
    }
    models.unregister(model.repository);
    models.delete(hashName);
    return empty(200);
  }

  async function infer(tritonName: string, req: IncomingMessage, body: Uint8Array): Promise<Reply> {
    const json = "application/json";
    if (!core.isLoaded(tritonName))
      return errorJson(400, `Request for unknown model: '${tritonName}' is not found`, json);
    const headerLength = inferenceHeaderLength(header(req, "content-type"), body.byteLength);
    if (typeof headerLength === "string") return errorJson(400, headerLength, json);
    let request = { body, headerLength };
    if (headerLength === 0) {
      const raw = rawInputRequest(tritonName, core.modelConfig(tritonName)!, body);
      if (typeof raw === "string") return errorJson(400, raw, json);
      request = raw;
    }
    const forwarded: Record<string, string> = {
      "content-type": "application/octet-stream",
      [INFERENCE_HEADER_CONTENT_LENGTH]: String(request.headerLength),
    };
    for (const name of ["accept", TARGET_MODEL_HEADER, "x-amzn-sagemaker-custom-attributes"]) {
      const value = header(req, name);
      if (value !== undefined) forwarded[name] = value;
    }
    const res = await core.invoke(tritonName, request.body, forwarded);
    if (res.status !== 200) {
      const message = errorMessage(res.body);
      // A model failing while it runs reaches Triton's reply on its asynchronous path, where no
      // Content-Type is set (libevhtp's text/plain); a refused request is answered on the spot, as JSON.
      const contentType = res.failedIn === "execution" ? undefined : json;
      return errorJson(isOutOfMemory(message) ? 507 : 400, message, contentType);
    }
    const binaryHeaderLength = res.headers[INFERENCE_HEADER_CONTENT_LENGTH];
    return {
      status: 200,
      contentType:
        binaryHeaderLength === undefined ? json : sagemakerBinaryContentType(Number(binaryHeaderLength)),
      body: res.body,
    };
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    readBody(req)
      .then(
        (body) => handle(req, body),
        (error: Error) => errorJson(400, error.message),
      )
      .then(
        (reply) => send(res, reply),
        (error: unknown) => send(res, errorJson(500, error instanceof Error ? error.message : String(error))),
      );
  };
}

/** GetInferenceHeaderLength: the JSON part is the whole body unless the content type is SageMaker's binary one. */
export function inferenceHeaderLength(
  contentType: string | undefined,
  contentLength: number,
): number | string {
  if (contentType === undefined) return contentLength;
  const at = contentType.indexOf(SAGEMAKER_BINARY_MIME);
  if (at === -1) return contentLength;
  if (at !== 0)
    return `expect MIME type for binary data starts with '${SAGEMAKER_BINARY_MIME}', got: ${contentType}`;
  const text = contentType.slice(SAGEMAKER_BINARY_MIME.length);
  // std::atoi: leading whitespace and sign, then digits; anything else stops it (no digits: 0).
  const digits = /^\s*([+-]?\d+)/.exec(text);
  const value = digits ? Number.parseInt(digits[1]!, 10) : 0;
  if (value < 0 || value > contentLength)
    return `inference header size should be in range (0, ${contentLength}), got: ${text}`;
  return value;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorMessage(body: Uint8Array): string {
  const text = Buffer.from(body).toString("utf8");
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {}
  return text;
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body exceeds the maximum of ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const body =
    reply.body === undefined
      ? Buffer.alloc(0)
      : typeof reply.body === "string"
        ? Buffer.from(reply.body)
        : Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
  res.writeHead(reply.status, {
    "content-type": reply.contentType ?? "text/plain",
    "content-length": body.byteLength,
  });
  res.end(body);
}
