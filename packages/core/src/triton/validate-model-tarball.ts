import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "./archive-policy.js";
import { extractModelTarball } from "./extract-model-tarball.js";
import { locateModel } from "./locate-model.js";
import type { ModelValidationReport } from "./model-validation-report.js";
import { validateModelFolder } from "./validate-model-directory.js";

/** `add_sub.tar.gz` → `add_sub`. */
export function tarballStem(file: string): string {
  return basename(file).replace(/\.(tar\.gz|tgz|tar)$/i, "");
}

/**
 * Extracts a model `.tar.gz` to a temporary folder (under the archive policy), validates the model inside it (the
 * archive's top folder, as SageMaker expects) and removes the folder again. Problems name files
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
    const located = await locateModel(scratch);
    if (located.siblings.length > 0) {
      return fail(
        `holds ${located.siblings.length} model folders (${located.siblings.join(", ")}); a model tarball holds exactly one`,
      );
    }
    const atTop = located.modelDir === scratch;
    const modelName = atTop ? tarballStem(tarball) : basename(located.modelDir);
    const report = await validateModelFolder(located.modelDir, modelName);
    const layoutProblems = atTop
      ? [
          {
            file: name,
            message: `the model files sit at the top of the archive; SageMaker expects them in one top folder (${modelName}/config.pbtxt, ${modelName}/1/...)`,
          },
        ]
      : [];
    if (atTop) {
      // Inside the archive these files have no folder prefix.
      for (const p of report.problems) p.file = p.file.replace(`${modelName}/`, "") || name;
    }
    return {
      ...report,
      dir: tarball,
      problems: [...extractionProblems, ...layoutProblems, ...report.problems],
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
