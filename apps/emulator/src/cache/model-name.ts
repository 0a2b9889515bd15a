// The name the container knows a model by. Triton's SageMaker mode accepts only [0-9A-Za-z._]+ and
// SageMaker itself uses a hash (/opt/ml/models/<hash>/model), so: sha256 hex of where the model came from.

import { createHash } from "node:crypto";
import type { ModelRef } from "./types.js";

export function containerModelName(ref: ModelRef): string {
  return createHash("sha256")
    .update(JSON.stringify([ref.endpointName, ref.targetModel, ref.bucket, ref.key]))
    .digest("hex");
}
