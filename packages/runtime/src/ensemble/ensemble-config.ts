// The `ensemble_scheduling` block of an ensemble's config.pbtxt: its steps, each a model run with
// `input_map` (step input → ensemble tensor) and `output_map` (step output → ensemble tensor).
import type { PbtxtMessage, PbtxtValue } from "@mme/core/triton";
import { ModelLoadError } from "../errors.js";

export interface EnsembleStep {
  modelName: string;
  /** Step input name → the ensemble tensor feeding it. */
  inputMap: Map<string, string>;
  /** Step output name → the ensemble tensor it produces. */
  outputMap: Map<string, string>;
}

const fieldsOf = (message: PbtxtMessage, name: string) =>
  message.fields.filter((f) => f.name === name).map((f) => f.value);

function asMessage(value: PbtxtValue | undefined): PbtxtMessage | undefined {
  return value?.kind === "message" ? value : undefined;
}

function stringOf(message: PbtxtMessage, name: string): string | undefined {
  const value = fieldsOf(message, name)[0];
  return value?.kind === "string" ? value.value : undefined;
}

function readMap(step: PbtxtMessage, name: string, where: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const value of fieldsOf(step, name)) {
    const entry = asMessage(value);
    const key = entry && stringOf(entry, "key");
    const mapped = entry && stringOf(entry, "value");
    if (key === undefined || mapped === undefined)
      throw new ModelLoadError(`${where}: every ${name} entry needs a string key and value`);
    map.set(key, mapped);
  }
  return map;
}

export function readEnsembleSteps(modelName: string, raw: unknown): EnsembleStep[] {
  const root = raw as PbtxtMessage;
  const scheduling = asMessage(fieldsOf(root, "ensemble_scheduling")[0]);
  const steps = scheduling ? fieldsOf(scheduling, "step").map(asMessage) : [];
  if (steps.length === 0)
    throw new ModelLoadError(
      `ensemble '${modelName}' must specify one or more 'step' in ensemble_scheduling`,
    );
  return steps.map((step, index) => {
    const where = `ensemble '${modelName}' step ${index + 1}`;
    const stepModel = step && stringOf(step, "model_name");
    if (!step || !stepModel) throw new ModelLoadError(`${where} needs a model_name`);
    return {
      modelName: stepModel,
      inputMap: readMap(step, "input_map", where),
      outputMap: readMap(step, "output_map", where),
    };
  });
}
