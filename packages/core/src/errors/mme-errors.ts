// Errors of mme itself (settings, model artifacts, CLI usage): one clear line for the user.

export class MmeError extends Error {
  override name = "MmeError";
}

/** A settings value is missing, malformed, or still holds an ACCOUNT_ID/REGION placeholder. */
export class SettingsError extends MmeError {
  override name = "SettingsError";
}

/** Bad command-line usage: exit code 2. */
export class UsageError extends MmeError {
  override name = "UsageError";
}

export interface ModelProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** A model directory or tarball is not a valid Triton model; carries every problem found. */
export class InvalidModelError extends MmeError {
  override name = "InvalidModelError";
  constructor(
    readonly model: string,
    readonly problems: ModelProblem[],
  ) {
    super(`${model} is not a valid Triton model: ${problems.map(formatProblem).join("; ")}`);
  }
}

export function formatProblem(p: ModelProblem): string {
  const where =
    p.line === undefined ? p.file : `${p.file}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
  return `${where}: ${p.message}`;
}

/** An object key already exists and --force was not given. */
export class ObjectExistsError extends MmeError {
  override name = "ObjectExistsError";
}
