import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "./archive-policy.js";
import { extractModelTarball } from "./extract-model-tarball.js";
import type { ModelValidationReport } from "./model-validation-report.js";
import { tritonLayout } from "./triton-layout.js";
import { validateLayout } from "./validate-model-directory.js";

/** `add_sub.tar.gz` → `add_sub`. */
export function tarballStem(file: string): string {
  return basename(file).replace(/\.(tar\.gz|tgz|tar)$/i, "");
}

/**
 * Extracts a model `.tar.gz` to a temporary folder (under the archive policy), validates what Triton's SageMaker
 * front end would serve from it (triton-layout.ts) and removes the folder again. Problems name files
 * as they sit in the archive (`add_sub/config.pbtxt`). Never throws for a bad model.
 */
export async function validateModelTarball(
  file: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ModelValidationReport> {
  const tarball = resolve(file);
  const name = basename(tarball);
  const info = await stat(tarball).catch(() => undefined);
  const fail = (message: string): ModelValidationReport => ({
    modelName: tarballStem(tarball),
    dir: tarball,
    versions: [],
    problems: [{ file: name, message }],
  });
  if (!info) return fail(`tarball not found: ${file}`);
  if (!info.isFile()) return fail(`not a file: ${file}`);

  const scratch = await mkdtemp(join(tmpdir(), "mme-validate-"));
  try {
    const extractionProblems = await extractModelTarball(tarball, scratch, limits);
    if (
      extractionProblems.some(
        (p) => p.message.startsWith("cannot read") || p.message === "the archive is empty",
      )
    ) {
      return { modelName: tarballStem(tarball), dir: tarball, versions: [], problems: extractionProblems };
    }
    const stem = tarballStem(tarball);
    const layout = await tritonLayout(scratch);
    const report = await validateLayout(scratch, layout, stem, false);
    for (const p of report.problems) {
      if (p.file === stem) p.file = name;
      // A model at the top of the archive: its files have no folder prefix there.
      else if (layout.kind === "top" && p.file.startsWith(`${stem}/`)) p.file = p.file.slice(stem.length + 1);
    }
    return { ...report, dir: tarball, problems: [...extractionProblems, ...report.problems] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
