import { resolve } from "node:path";
import {
  formatProblem,
  type ModelValidationReport,
  validateModelDirectory,
  validateModelTarball,
} from "@mme/core";
import { defineCommand } from "citty";
import { globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { printResult } from "../output.js";
import { ValidationFailedError } from "./validation-failed-error.js";

export const validateModelCommand = defineCommand({
  meta: {
    name: "validate-model",
    description: "check a Triton model dir or .tar.gz and list every problem with file:line:col",
  },
  args: {
    ...globalArgs,
    path: { type: "positional", required: true, description: "model directory or .tar.gz" },
  },
  async run({ args }) {
    const path = resolve(cliIo().cwd, args.path);
    const report: ModelValidationReport = path.endsWith(".tar.gz")
      ? await validateModelTarball(path)
      : await validateModelDirectory(path);
    const valid = report.problems.length === 0;
    const backend = report.config?.backend ?? report.config?.platform;
    printResult(Boolean(args.json), { valid, ...report, config: undefined, backend }, () =>
      valid
        ? `${report.modelName}: valid Triton model (${backend ?? "unknown backend"}, versions ${report.versions.join(", ")})`
        : report.problems.map(formatProblem).join("\n"),
    );
    if (!valid) throw new ValidationFailedError(report.modelName, report.problems.length);
  },
});
