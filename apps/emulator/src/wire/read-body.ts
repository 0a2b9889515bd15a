// Reads a request body into a Buffer, as SageMaker's front end does: a declared Content-Length over the
// limit is refused before a byte is read; a body that grows past the limit (raw or decoded) stops the
// read at once; gzip/deflate/br are decoded, any other Content-Encoding is the client's mistake; a client
// that hangs up mid-body is a ClientHungUp, not a server fault.

import type { IncomingMessage } from "node:http";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { ValidationError } from "@mme/core";
import type { NextFunction, Request, Response } from "express";
import { ClientHungUp } from "./client-hung-up.js";
import { bodyTooLargeError } from "./validation.js";

const NO_BODY = Buffer.alloc(0);

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Express middleware: `req.body` is the whole (decoded) body; failures go to the error boundary. */
export function readBody(limit: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    // Already read (and checked) by requireSigV4, which needs the body before the route does.
    if (Buffer.isBuffer(req.body)) {
      next();
      return;
    }
    readRequestBody(req, limit).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    readBodyThen(req, limit, (error, body) => (error ? reject(error) : resolve(body))),
  );
}

export type BodyCallback = (error: Error | undefined, body: Buffer) => void;

/**
 * readRequestBody without a Promise, for the runtime plane's warm path: `done` is called once, from the
 * stream's own event (or at once for a refused Content-Length or Content-Encoding).
 */
export function readBodyThen(req: IncomingMessage, limit: number, done: BodyCallback): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    done(bodyTooLargeError(), NO_BODY);
    return;
  }
  let decoder: Transform | undefined;
  try {
    decoder = decoderFor(req.headers["content-encoding"]);
  } catch (error) {
    done(error as Error, NO_BODY);
    return;
  }
  const encoding = req.headers["content-encoding"];
  const chunks: Buffer[] = [];
  let raw = 0;
  let decoded = 0;
  let settled = false;
  const settle = (error: Error | undefined) => {
    if (settled) return;
    settled = true;
    req.off("data", onData).off("end", onEnd).off("error", onHangUp).off("close", onClose);
    if (error) {
      // Stop reading: the error boundary answers and closes the connection without draining the rest.
      req.pause();
      decoder?.destroy();
      done(error, NO_BODY);
    } else {
      done(undefined, Buffer.concat(chunks));
    }
  };
  const keep = (chunk: Buffer) => {
    decoded += chunk.length;
    if (decoded > limit) return settle(bodyTooLargeError());
    chunks.push(chunk);
  };
  const onData = (chunk: Buffer) => {
    raw += chunk.length;
    if (raw > limit) return settle(bodyTooLargeError());
    if (decoder) decoder.write(chunk);
    else keep(chunk);
  };
  const onEnd = () => (decoder ? decoder.end() : settle(undefined));
  const onHangUp = () => settle(new ClientHungUp("The client closed the connection mid-request."));
  const onClose = () => {
    if (!req.complete) onHangUp();
  };
  if (decoder) {
    decoder.on("data", keep);
    decoder.on("end", () => settle(undefined));
    decoder.on("error", () => settle(new ValidationError(`The request body is not valid ${encoding} data.`)));
  }
  req.on("data", onData).on("end", onEnd).on("error", onHangUp).on("close", onClose);
}

function decoderFor(header: string | undefined): Transform | undefined {
  const encoding = (header ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return undefined;
  const decoder = DECODERS[encoding];
  if (!decoder) {
    throw new ValidationError(
      `Content-Encoding ${JSON.stringify(header)} is not supported: send the body as is, or gzip, deflate or br.`,
    );
  }
  return decoder();
}
