import { MAX_BODY_BYTES } from "./validation.js";

/** The control plane's JSON requests are small; 10 MiB leaves room for any of them. */
export const CONTROL_PLANE_BODY_BYTES = 10 * 1024 * 1024;

const INVOCATIONS = /^\/endpoints\/[^/]+\/(async-)?invocations$/;

/** The most a request to `path` may carry: SageMaker's 6 MiB for invocations. */
export function bodyLimitFor(path: string): number {
  return INVOCATIONS.test(path) ? MAX_BODY_BYTES : CONTROL_PLANE_BODY_BYTES;
}
