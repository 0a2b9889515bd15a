import type { AwsClients, InferenceComponentDescription } from "@mme/core";
import { waitForInferenceComponent } from "@mme/core";
import { statusLine } from "../status-line.js";
import { copies } from "./ic-describe.js";

/** `--wait` of ic create and ic scale: polls until InService with every copy, one status line as progress. */
export async function waitWithProgress(
  clients: AwsClients,
  name: string,
  pollIntervalMs: number,
): Promise<InferenceComponentDescription> {
  const line = statusLine(`inference component ${name}`);
  try {
    return await waitForInferenceComponent(clients.sagemaker, {
      name,
      pollIntervalMs,
      onStatus: (component, elapsedMs) =>
        line.update(`${component.status}, copies ${copies(component)}`, elapsedMs),
    });
  } finally {
    line.done();
  }
}

export const waitArgs = {
  wait: {
    type: "boolean",
    default: true,
    description: "wait until InService with every copy",
    negativeDescription: "return at once",
  },
  "poll-interval": { type: "string", default: "15", description: "seconds between status polls" },
} as const;
