// awsJson1_1 dispatch: `POST /` with `X-Amz-Target: SageMaker.<Operation>`, or
// `AnyScaleFrontendService.<Operation>` (Application Auto Scaling).
import type { Request, Response } from "express";
import { authorizeControlPlane } from "../auth/authorize.js";
import { AUTOSCALING_OPERATIONS } from "../autoscaling/operations.js";
import { SerializationException, UnknownOperationException } from "../wire/errors/sagemaker.js";
import { sendError, toSageMakerError } from "../wire/send-error.js";
import type { ControlPlane } from "./control-plane.js";
import { OPERATIONS } from "./operations.js";

const TARGET_PREFIX = "SageMaker.";
const AUTOSCALING_PREFIX = "AnyScaleFrontendService.";

type Handler = (plane: ControlPlane, input: unknown) => Record<string, unknown>;

function handlerFor(target: string): Handler | undefined {
  if (target.startsWith(TARGET_PREFIX)) return OPERATIONS[target.slice(TARGET_PREFIX.length)];
  if (!target.startsWith(AUTOSCALING_PREFIX)) return undefined;
  const operation = AUTOSCALING_OPERATIONS[target.slice(AUTOSCALING_PREFIX.length)];
  return operation && ((plane, input) => operation(plane.autoscaling, input));
}

/** Describe*, List*: the operations that change nothing, answered without a save. */
const READ_ONLY = /\.(Describe|List)[A-Za-z]*$/;

export function controlPlaneRoute(plane: ControlPlane) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const target = req.get("x-amz-target") ?? "";
      const operation = handlerFor(target);
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
      // A client told "created" (or "deleted") finds it so after any restart, even a kill -9.
      if (!READ_ONLY.test(target)) await plane.changed();
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
