// An ensemble as Triton's ensemble scheduler runs it: each step starts once every tensor its
// input_map names exists (the request's inputs or an earlier step's outputs); steps that are ready
// together run together; the ensemble answers with the tensors its outputs name.
import type { DecodedInferenceRequest, Tensor } from "@mme/core/kserve";
import type { TritonModelConfig } from "@mme/core/triton";
import type { BackendHealth, ModelBackend } from "../backends/model-backend.js";
import { ModelExecutionError, ModelLoadError } from "../errors.js";
import type { InferenceTarget } from "../invoke/run-inference.js";
import { validateRequest } from "../invoke/validate-request.js";
import { type EnsembleStep, readEnsembleSteps } from "./ensemble-config.js";

interface RunnableStep {
  step: EnsembleStep;
  target: InferenceTarget;
}

/** Loads a step model by name (its folder beside the ensemble's); the ensemble owns what it returns. */
export type StepLoader = (stepModelName: string) => Promise<InferenceTarget>;

function checkWiring(ensembleName: string, config: TritonModelConfig, steps: RunnableStep[]): void {
  const produced = new Set(config.inputs.map((i) => i.name));
  for (const { step, target } of steps) {
    for (const stepInput of step.inputMap.keys()) {
      if (!target.config.inputs.some((i) => i.name === stepInput))
        throw new ModelLoadError(
          `ensemble '${ensembleName}': step '${step.modelName}' has no input '${stepInput}' (input_map)`,
        );
    }
    for (const [stepOutput, tensor] of step.outputMap) {
      if (!target.config.outputs.some((o) => o.name === stepOutput))
        throw new ModelLoadError(
          `ensemble '${ensembleName}': step '${step.modelName}' has no output '${stepOutput}' (output_map)`,
        );
      produced.add(tensor);
    }
  }
  for (const output of config.outputs) {
    if (!produced.has(output.name))
      throw new ModelLoadError(
        `ensemble '${ensembleName}': output '${output.name}' is not produced by any step's output_map`,
      );
  }
}

export class EnsembleBackend implements ModelBackend {
  private constructor(
    private readonly modelName: string,
    private readonly steps: RunnableStep[],
  ) {}

  static async load(
    modelName: string,
    config: TritonModelConfig,
    loadStep: StepLoader,
  ): Promise<EnsembleBackend> {
    const declared = readEnsembleSteps(modelName, config.raw);
    const loaded = new Map<string, InferenceTarget>();
    try {
      for (const step of declared) {
        if (!loaded.has(step.modelName)) loaded.set(step.modelName, await loadStep(step.modelName));
      }
      const steps = declared.map((step) => ({ step, target: loaded.get(step.modelName)! }));
      checkWiring(modelName, config, steps);
      return new EnsembleBackend(modelName, steps);
    } catch (error) {
      await Promise.allSettled([...loaded.values()].map((t) => t.backend.close()));
      throw error;
    }
  }

  async infer(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]> {
    const tensors = new Map(inputs.map((t) => [t.name, t]));
    let pending = this.steps;
    while (pending.length > 0) {
      const ready = pending.filter(({ step }) => [...step.inputMap.values()].every((n) => tensors.has(n)));
      if (ready.length === 0) {
        const missing = [...pending[0]!.step.inputMap.values()].filter((n) => !tensors.has(n));
        throw new ModelExecutionError(
          `ensemble '${this.modelName}': step '${pending[0]!.step.modelName}' waits for ${missing.map((m) => `'${m}'`).join(", ")}, which no request input or step provides`,
        );
      }
      const results = await Promise.all(ready.map((runnable) => this.runStep(runnable, tensors)));
      for (const produced of results) for (const [name, tensor] of produced) tensors.set(name, tensor);
      pending = pending.filter((s) => !ready.includes(s));
    }
    return outputNames.map((name) => {
      const tensor = tensors.get(name);
      if (!tensor) throw new ModelExecutionError(`ensemble '${this.modelName}' produced no '${name}'`);
      return { ...tensor, name };
    });
  }

  private async runStep({ step, target }: RunnableStep, tensors: Map<string, Tensor>) {
    const inputs = [...step.inputMap].map(([stepInput, tensor]) => ({
      ...tensors.get(tensor)!,
      name: stepInput,
    }));
    const request: DecodedInferenceRequest = {
      inputs,
      outputs: [...step.outputMap.keys()].map((name) => ({ name, binary: false })),
      binaryDataOutput: false,
    };
    const outputs = await target.backend.infer(
      inputs,
      validateRequest(target.modelName, target.config, request),
    );
    return outputs.map((out) => [step.outputMap.get(out.name)!, out] as const);
  }

  private get targets(): InferenceTarget[] {
    return [...new Set(this.steps.map((s) => s.target))];
  }

  memoryBytes(): number {
    return this.targets.reduce((sum, t) => sum + t.backend.memoryBytes(), 0);
  }

  health(): BackendHealth {
    for (const target of this.targets) {
      const health = target.backend.health();
      if (health.state !== "READY")
        return {
          state: "UNAVAILABLE",
          reason: `step '${target.modelName}': ${health.reason ?? health.state}`,
        };
    }
    return { state: "READY" };
  }

  async recover(): Promise<void> {
    for (const target of this.targets)
      if (target.backend.health().state !== "READY") await target.backend.recover();
  }

  async close(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.backend.close()));
  }
}
