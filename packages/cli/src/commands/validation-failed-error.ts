import { MmeError } from "@mme/core";

/** validate-model found problems (already printed): exit 1 with a summary line. */
export class ValidationFailedError extends MmeError {
  override name = "InvalidModelError";
  constructor(model: string, count: number) {
    super(`${model}: ${count} problem${count === 1 ? "" : "s"} found`);
  }
}
