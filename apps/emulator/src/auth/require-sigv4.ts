// `--auth sigv4` on the emulator's port: every request but GET /ping must carry a valid AWS Signature
// V4 from a key of --auth-keys. Shape, key and clock are checked before the body is read; then the body
// is read (within its route's limit) and the signature verified over it.
import type { NextFunction, Request, Response } from "express";
import { bodyLimitFor } from "../http/body-limits.js";
import { readRequestBody } from "../http/read-body.js";
import { sageMakerAuthError } from "./auth-errors.js";
import { AuthFailure } from "./auth-failure.js";
import "./caller.js";
import { readSignatureClaim, type SignedRequest, type VerifyOptions, verifySignature } from "./sigv4.js";

export function requireSigV4(options: VerifyOptions) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (req.method === "GET" && req.path === "/ping") {
      next();
      return;
    }
    authenticate(req, options).then(
      () => next(),
      (error: unknown) => next(error instanceof AuthFailure ? sageMakerAuthError(error) : error),
    );
  };
}

async function authenticate(req: Request, options: VerifyOptions): Promise<void> {
  const request: SignedRequest = { method: req.method, url: req.originalUrl, headers: req.headers };
  const claim = readSignatureClaim(request, options);
  const body = await readRequestBody(req, bodyLimitFor(req.path));
  req.body = body;
  const key = await verifySignature(request, claim, body);
  req.caller = {
    accessKeyId: key.accessKeyId,
    principal: key.principal,
    ...(key.policy ? { policy: key.policy } : {}),
  };
}
