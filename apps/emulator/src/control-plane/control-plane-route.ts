// awsJson1_1 dispatch: `POST /` with `X-Amz-Target: SageMaker.<Operation>`.
import type { Request, Response } from "express";
import { authorizeControlPlane } from "../auth/authorize.js";
import { SerializationException, UnknownOperationException } from "../wire/control-plane-errors.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";
import type { ControlPlane } from "./control-plane.js";
import { OPERATIONS } from "./operations.js";

const TARGET_PREFIX = "SageMaker.";

export function controlPlaneRoute(plane: ControlPlane) {
  return (req: Request, res: Response): void => {
    try {
      const target = req.get("x-amz-target") ?? "";
      const operation = target.startsWith(TARGET_PREFIX)
        ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
        : undefined;
      if (!operation) {
        throw new UnknownOperationException(
          target
            ? `The operation ${target} is not supported by the emulator.`
            : "Missing X-Amz-Target header.",
        );
      }
      const input = parseJsonBody(req.body as Buffer | undefined);
      authorizeControlPlane(req.caller, plane.scope, target.slice(TARGET_PREFIX.length), input);
      const output = operation(plane, input);
      res.status(200).type("application/x-amz-json-1.1").send(JSON.stringify(output));
    } catch (error) {
      const wireError = toSageMakerError(error);
      if (wireError.status >= 500) req.log.error({ err: error }, "control plane failure");
      sendError(res, wireError, "awsJson1_1");
    }
  };
}

function parseJsonBody(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("The request body is not valid JSON.");
  }
}
