// The name the container knows a model by. Triton's SageMaker mode accepts only [0-9A-Za-z._]+ and
// SageMaker itself uses a hash (/opt/ml/models/<hash>/model), so: sha256 hex of where the model came from,
// and of the cache instance: an endpoint deleted and created again under the same name shares the models
// folder and maybe an HTTP container with its predecessor, whose late cleanup must not hit the new copies.

import { createHash } from "node:crypto";
import type { ModelRef } from "./types.js";

export function containerModelName(ref: ModelRef, cacheInstance: string): string {
  return createHash("sha256")
    .update(JSON.stringify([cacheInstance, ref.endpointName, ref.targetModel, ref.bucket, ref.key]))
    .digest("hex");
}
