import { extract, type ReadEntry } from "tar";
import type { ModelProblem } from "../errors/mme-errors.js";
import {
  ArchiveBudget,
  type ArchiveLimits,
  checkArchiveEntry,
  DEFAULT_ARCHIVE_LIMITS,
} from "./archive-policy.js";

/**
 * Extracts a (gzipped) tarball into `dest` under the archive policy (the emulator's too): every entry
 * that could land or point outside it, or is a special file, is refused, and the limits stop the
 * extraction. Returns one problem per refused entry, or for an unreadable archive; never throws for
 * a bad archive.
 */
export async function extractModelTarball(
  file: string,
  dest: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ModelProblem[]> {
  const tarballName = file.split(/[\\/]/).pop() ?? file;
  const problems: ModelProblem[] = [];
  const refuse = (message: string) => problems.push({ file: tarballName, message });
  const budget = new ArchiveBudget(limits);
  let overLimit = false;
  const filter = (_path: string, entry: unknown): boolean => {
    if (overLimit) return false;
    const readEntry = entry as ReadEntry;
    const refused = checkArchiveEntry(readEntry);
    if (refused) {
      budget.entries++;
      refuse(refused.message);
      return false;
    }
    const overBudget = budget.add(readEntry);
    if (overBudget) {
      overLimit = true;
      refuse(`${overBudget.message}; extraction stopped`);
      return false;
    }
    return true;
  };
  try {
    await extract({ file, cwd: dest, strict: true, filter, preservePaths: false, noChmod: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "TAR_BAD_ARCHIVE" && budget.entries === 0)
      refuse("cannot read the archive: it is empty or not a tar archive");
    else refuse(`cannot read the archive: ${oneLine((error as Error).message)}`);
  }
  if (budget.entries === 0 && problems.length === 0) refuse("the archive is empty");
  return problems;
}

function oneLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
