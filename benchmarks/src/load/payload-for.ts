import type { EncodedBody } from "@mme/core/kserve";
import type { ModelKind } from "@mme/model-registry";
import { addSubPayload, imagePayload } from "./payloads.js";

export const IMAGE_KINDS: readonly ModelKind[] = ["resnet50", "small_image", "triton-serve-pt"];

/** A valid batch-1 request for a registry model. */
export function payloadFor(kind: ModelKind): EncodedBody {
  return IMAGE_KINDS.includes(kind) ? imagePayload(1) : addSubPayload();
}
