import { MmeError } from "../errors/index.js";

export class InferenceComponentNotFoundError extends MmeError {
  override name = "InferenceComponentNotFoundError";
}

export class InferenceComponentFailedError extends MmeError {
  override name = "InferenceComponentFailedError";
}
