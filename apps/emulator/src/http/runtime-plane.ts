// The runtime plane: SageMaker Runtime's InvokeEndpoint, InvokeEndpointAsync and GET /ping, answered by
// a plain node:http request handler before Express (SageMaker serves runtime.sagemaker and
// api.sagemaker from different fleets; here they share a port). Express costs ~80 µs a request on this
// machine, the size of a warm inference, so the hot path does not go through it. Everything else (and
// HEAD or conditional GET /ping) goes on to the Express app (express-app.ts).
//
// The answers are Express's, byte for byte: the same request id header first, the same error bodies and
// headers, the same path matching (parseurl + path-to-regexp with the router's options: case-insensitive,
// optional trailing slash, the router's percent-decoding and its error), the same order of checks
// (shutdown, signature, path decoding, body).
import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { ServiceUnavailable } from "@mme/core";
import parseurl from "parseurl";
import { pathToRegexp } from "path-to-regexp";
import { authenticate } from "../auth/require-sigv4.js";
import { invokeEndpointAsync } from "../runtime-api/invoke-endpoint-async-route.js";
import { invokeEndpoint } from "../runtime-api/invoke-endpoint-route.js";
import { RuntimeRequest } from "../runtime-api/runtime-request.js";
import { ClientHungUp } from "../wire/client-hung-up.js";
import { readBodyThen } from "../wire/read-body.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";
import { MAX_BODY_BYTES } from "../wire/validation.js";
import { answerPing } from "./ping.js";
import type { ServerDeps } from "./server-deps.js";

/**
 * Express's router options: case-insensitive, a trailing slash allowed. The expressions are the router's
 * own (path-to-regexp), run with exec: `match()` wraps each in a params object and decoders, and the name
 * is decoded later (decodeParam), as the router does.
 */
const ROUTER_OPTIONS = { sensitive: false, end: true, trailing: true };
const INVOCATIONS = pathToRegexp("/endpoints/:name/invocations", ROUTER_OPTIONS).regexp;
const ASYNC_INVOCATIONS = pathToRegexp("/endpoints/:name/async-invocations", ROUTER_OPTIONS).regexp;
const PING = pathToRegexp("/ping", ROUTER_OPTIONS).regexp;

type Operation = "invoke" | "invoke-async";

export function runtimePlane(deps: ServerDeps, next: RequestListener): RequestListener {
  const { inFlight, logger } = deps;
  const leave = () => inFlight.leave();
  const logRequests = logger.isLevelEnabled("debug");

  return (req: IncomingMessage, res: ServerResponse): void => {
    let operation: Operation;
    let rawName: string;
    if (req.method === "POST") {
      const path = parseurl(req)?.pathname ?? "/";
      const invoke = INVOCATIONS.exec(path);
      const invokeAsync = invoke ? null : ASYNC_INVOCATIONS.exec(path);
      if (invoke) {
        operation = "invoke";
        rawName = invoke[1] as string;
      } else if (invokeAsync) {
        operation = "invoke-async";
        rawName = invokeAsync[1] as string;
      } else {
        next(req, res);
        return;
      }
    } else if (req.method === "GET" && isPlainPing(req, deps.auth !== undefined)) {
      begin(req, res);
      answerPing(res);
      return;
    } else {
      next(req, res);
      return;
    }

    const request = begin(req, res);
    if (deps.isShuttingDown?.()) {
      res.setHeader("Connection", "close");
      sendError(res, new ServiceUnavailable("The emulator is shutting down."), "rest-json");
      return;
    }
    if (deps.auth) {
      serveSigned(request, operation, rawName, deps.auth).catch((error: unknown) => fail(request, error));
      return;
    }
    // Synchronously, as Express's router decodes: a malformed name is refused before the body arrives.
    try {
      request.name = decodeParam(rawName);
    } catch (error) {
      fail(request, error);
      return;
    }
    // The body's callback starts the operation: no Promise for the read on the warm path.
    readBodyThen(req, MAX_BODY_BYTES, (error, body) => {
      if (error) {
        fail(request, error);
        return;
      }
      request.body = body;
      run(request, operation);
    });
  };

  function begin(req: IncomingMessage, res: ServerResponse): RuntimeRequest {
    const request = new RuntimeRequest(req, res, randomUUID(), logger);
    res.setHeader("x-amzn-RequestId", request.id);
    if (logRequests) logWhenFinished(request);
    inFlight.enter();
    // A response closes once: `on` spares the once-wrapper `once` allocates per request.
    res.on("close", leave);
    return request;
  }

  /** With --auth sigv4 the signature check reads the body; the name is decoded once it passed. */
  async function serveSigned(
    request: RuntimeRequest,
    operation: Operation,
    rawName: string,
    auth: NonNullable<ServerDeps["auth"]>,
  ): Promise<void> {
    const { body, caller } = await authenticate(request.req, MAX_BODY_BYTES, auth);
    request.body = body;
    request.caller = caller;
    request.name = decodeParam(rawName);
    run(request, operation);
  }

  function run(request: RuntimeRequest, operation: Operation): void {
    if (operation === "invoke") {
      // invokeEndpoint answers its own errors; a rejection here is a fault in that answer.
      invokeEndpoint(deps, request).catch((error: unknown) => fail(request, error));
      return;
    }
    try {
      invokeEndpointAsync(deps, request);
    } catch (error) {
      fail(request, error);
    }
  }
}

/** GET /ping without conditional headers (Express would weigh those for a 304) or a signature to check. */
function isPlainPing(req: IncomingMessage, signed: boolean): boolean {
  if (req.headers["if-none-match"] !== undefined || req.headers["if-modified-since"] !== undefined)
    return false;
  const path = parseurl(req)?.pathname ?? "/";
  // With --auth sigv4 only the exact path is open; /PING or /ping/ must be signed, as on Express.
  return signed ? path === "/ping" : PING.test(path);
}

/** What the Express app's error boundary does for a request that failed before its route answered. */
function fail(request: RuntimeRequest, error: unknown): void {
  const { req, res } = request;
  if (error instanceof ClientHungUp || req.socket.destroyed) {
    request.log.info({ method: req.method, url: req.url }, "client hung up");
    res.destroy();
    return;
  }
  // What is left of an unread body stays unread: the connection closes after the answer.
  if (!req.complete) res.setHeader("Connection", "close");
  const wireError = toSageMakerError(error);
  if (wireError.status >= 500) request.log.error({ err: error }, "request failed");
  else request.log.info({ error: wireError.name, message: wireError.message }, "request rejected");
  sendError(res, wireError, "rest-json");
}

/** The Express router's decoding of a path parameter, with its 400 for a malformed escape. */
function decodeParam(value: string): string {
  if (value.indexOf("%") === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch (error) {
    if (error instanceof URIError) {
      throw Object.assign(new URIError(`Failed to decode param '${value}'`), { status: 400 });
    }
    throw error;
  }
}

/** The debug-level line per request, as the Express app writes it (only when debug is on). */
function logWhenFinished(request: RuntimeRequest): void {
  const started = performance.now();
  request.res.on("finish", () => {
    request.log.debug(
      {
        method: request.req.method,
        url: request.req.url,
        status: request.res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
}
