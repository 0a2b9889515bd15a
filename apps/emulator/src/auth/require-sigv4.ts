// `--auth sigv4` on the emulator's port: every request but GET /ping must carry a valid AWS Signature
// V4 from a key of --auth-keys. Shape, key and clock are checked before the body is read; then the body
// is read (within its route's limit) and the signature verified over it.
import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor } from "../wire/body-limits.js";
import { readRequestBody } from "../wire/read-body.js";
import { sageMakerAuthError } from "./auth-errors.js";
import { AuthFailure } from "./auth-failure.js";
import type { Caller } from "./caller.js";
import { readSignatureClaim, type SignedRequest, type VerifyOptions, verifySignature } from "./sigv4.js";

/** Express middleware for the control plane (the runtime plane calls `authenticate` itself). */
export function requireSigV4(options: VerifyOptions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method === "GET" && req.path === "/ping") {
      next();
      return;
    }
    authenticate(req, bodyLimitFor(req.path), options).then(
      ({ body, caller }) => {
        req.body = body;
        req.caller = caller;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

export interface Authenticated {
  /** The body, read to verify the signature over it. */
  body: Buffer;
  caller: Caller;
}

/** Verifies the request's signature (reading its body); a refusal is AWS's error for it. */
export async function authenticate(
  req: IncomingMessage,
  bodyLimit: number,
  options: VerifyOptions,
): Promise<Authenticated> {
  try {
    const request: SignedRequest = { method: req.method ?? "", url: req.url ?? "/", headers: req.headers };
    const claim = readSignatureClaim(request, options);
    const body = await readRequestBody(req, bodyLimit);
    const key = await verifySignature(request, claim, body);
    const caller: Caller = {
      accessKeyId: key.accessKeyId,
      principal: key.principal,
      ...(key.policy ? { policy: key.policy } : {}),
    };
    return { body, caller };
  } catch (error) {
    throw error instanceof AuthFailure ? sageMakerAuthError(error) : error;
  }
}
