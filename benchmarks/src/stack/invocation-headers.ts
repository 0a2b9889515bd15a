// The headers of one invocation, the same to the emulator and to a container called directly: the
// payload's content type (and binary-extension headers) plus the target model SageMaker forwards.

import type { EncodedBody } from "@mme/core/kserve";

export function invocationHeaders(payload: EncodedBody, targetModel: string): Record<string, string> {
  return {
    "content-type": payload.contentType,
    accept: "application/json",
    "x-amzn-sagemaker-target-model": targetModel,
    ...payload.headers,
  };
}
