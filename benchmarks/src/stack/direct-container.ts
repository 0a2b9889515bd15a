// The MME container contract spoken directly (no emulator in front): load a model folder, invoke it.

import type { EncodedBody } from "@mme/core/kserve";
import { invocationHeaders } from "./invocation-headers.js";

export class DirectContainer {
  constructor(readonly baseUrl: string) {}

  /**
   * POST /models {"model_name","url"} with the TargetModel header SageMaker sends (Triton names the model
   * after it, and each invoke's header must name the same model); 409 (already loaded) counts as loaded.
   */
  async load(modelName: string, folder: string, targetModel: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/models`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-amzn-sagemaker-target-model": targetModel },
      body: JSON.stringify({ model_name: modelName, url: folder }),
      signal: AbortSignal.timeout(360_000),
    });
    if (!response.ok && response.status !== 409) {
      throw new Error(`container refused to load ${modelName}: ${response.status} ${await response.text()}`);
    }
  }

  invokeUrl(modelName: string): string {
    return `${this.baseUrl}/models/${encodeURIComponent(modelName)}/invoke`;
  }

  headers(payload: EncodedBody, targetModel: string): Record<string, string> {
    return invocationHeaders(payload, targetModel);
  }
}
