// What the CLI adds to an InvokeEndpoint error so the user knows the next step: where a ModelError's log is
// (`mme logs`), and which TargetModel under the prefix a missing one was probably meant to be. Only the
// printed message changes; the error's name (SageMaker's, from the wire) stays.
import { AwsServiceError, didYouMeanHint, listModels } from "@mme/core";
import type { CommandContext } from "../global-args.js";

/** SageMaker's wording for a TargetModel with no object behind it. */
const MISSING_MODEL = /^Failed to download model data\(bucket: [^,]+, key: [^)]+\)\. Please ensure/;

export async function withInvokeHints<T>(
  ctx: CommandContext,
  targetModel: string,
  invoke: () => Promise<T>,
): Promise<T> {
  try {
    return await invoke();
  } catch (error) {
    if (!(error instanceof AwsServiceError)) throw error;
    const hint =
      error.name === "ModelError"
        ? `; the endpoint's log has the model's output: mme logs --since 10m${ctx.settings.local ? " --local" : ""}`
        : MISSING_MODEL.test(error.message)
          ? await closestTargets(ctx, targetModel)
          : "";
    if (!hint) throw error;
    const [first, ...rest] = error.message.split("\n");
    throw new AwsServiceError(
      error.name,
      [`${first}${hint}`, ...rest].join("\n"),
      error.operation,
      error.httpStatus,
    );
  }
}

async function closestTargets(ctx: CommandContext, targetModel: string): Promise<string> {
  if (!ctx.settings.modelDataUrl) return "";
  try {
    const models = await listModels(ctx.clients.s3, { modelDataUrl: ctx.settings.modelDataUrl });
    return didYouMeanHint(
      targetModel,
      models.map((m) => m.targetModel),
    );
  } catch {
    return ""; // the hint is a courtesy: the error itself is what matters
  }
}
