// The MME container contract over HTTP (what SageMaker calls on port 8080), over any ModelContainer.
import type { ContainerResponse, ModelContainer } from "@mme/core/container";
import { kserveErrorBody } from "@mme/core/kserve";
import express, { type NextFunction, type Request, type Response } from "express";

/** SageMaker caps invoke bodies at 6 MB; a little headroom for framing. */
const MAX_INVOKE_BODY = "8mb";

function send(res: Response, reply: ContainerResponse): void {
  res
    .status(reply.status)
    .set(reply.headers)
    .end(Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength));
}

function sendError(res: Response, status: number, message: string): void {
  res
    .status(status)
    .type("application/json")
    .end(Buffer.from(kserveErrorBody(message)));
}

function lowerCaseHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export function createRuntimeApp(container: ModelContainer): express.Application {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);

  app.get("/ping", async (_req, res) => send(res, await container.ping()));

  app.post("/models", express.json({ type: () => true, limit: "1mb" }), async (req, res) => {
    const body: unknown = req.body;
    const { model_name: modelName, url } = (body ?? {}) as { model_name?: unknown; url?: unknown };
    if (typeof modelName !== "string" || typeof url !== "string" || !modelName || !url) {
      sendError(res, 400, 'load body must be JSON {"model_name": string, "url": string}');
      return;
    }
    send(res, await container.load(modelName, url));
  });

  app.get("/models", async (req, res) => {
    const token = req.query.next_page_token ?? req.query.nextPageToken;
    const max = Number(req.query.max_results ?? req.query.maxResults);
    const page = await container.list(
      typeof token === "string" ? token : undefined,
      Number.isInteger(max) && max > 0 ? max : undefined,
    );
    res.json(page);
  });

  app.get("/models/:name", async (req, res) => {
    const info = await container.describe(req.params.name);
    if (!info) sendError(res, 404, `Model ${req.params.name} is not loaded`);
    else res.json(info);
  });

  app.delete("/models/:name", async (req, res) => send(res, await container.unload(req.params.name)));

  app.post(
    "/models/:name/invoke",
    express.raw({ type: () => true, limit: MAX_INVOKE_BODY }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      send(res, await container.invoke(req.params.name, new Uint8Array(body), lowerCaseHeaders(req)));
    },
  );

  app.use((req, res) => sendError(res, 404, `no route ${req.method} ${req.path}`));

  // Body-parser failures (malformed JSON, too large) carry a status; anything else is a 500, never a crash.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    sendError(res, status, status === 400 ? `malformed request body: ${message}` : message);
  });
  return app;
}
