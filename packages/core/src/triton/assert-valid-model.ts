import { stat } from "node:fs/promises";
import { InvalidModelError } from "../errors/mme-errors.js";
import type { ModelValidationReport } from "./model-validation-report.js";
import { validateModelDirectory } from "./validate-model-directory.js";
import { validateModelTarball } from "./validate-model-tarball.js";

const TARBALL_NAME = /\.(tar\.gz|tgz|tar)$/i;

/** Validates a model folder, or a model tarball when `path` is a file or is named like one. */
export async function validateModel(path: string): Promise<ModelValidationReport> {
  const info = await stat(path).catch(() => undefined);
  const isTarball = info ? info.isFile() : TARBALL_NAME.test(path);
  return isTarball ? validateModelTarball(path) : validateModelDirectory(path);
}

/**
 * Validates a model folder or tarball and returns the report.
 * @throws InvalidModelError carrying every problem found.
 */
export async function assertValidModel(dirOrTarball: string): Promise<ModelValidationReport> {
  const report = await validateModel(dirOrTarball);
  if (report.problems.length > 0) throw new InvalidModelError(report.modelName, report.problems);
  return report;
}
