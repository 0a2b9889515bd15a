import { isAbsolute } from "node:path";
import { extract, type ReadEntry } from "tar";
import type { ModelProblem } from "../errors/mme-errors.js";

export interface TarballLimits {
  /** Stop extracting after this many entries (archive-bomb guard). */
  maxEntries: number;
  /** Stop extracting after this many uncompressed bytes (archive-bomb guard). */
  maxBytes: number;
}

export const DEFAULT_TARBALL_LIMITS: TarballLimits = { maxEntries: 100_000, maxBytes: 32 * 1024 ** 3 };

const EXTRACTABLE_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory"]);

/**
 * Extracts a (gzipped) tarball into `dest`, refusing every entry that could land outside it
 * (`..`, absolute paths) and every link or special file. Returns one problem per refused entry,
 * or for an unreadable archive; never throws for a bad archive.
 */
export async function extractModelTarball(
  file: string,
  dest: string,
  limits: TarballLimits = DEFAULT_TARBALL_LIMITS,
): Promise<ModelProblem[]> {
  const tarballName = file.split(/[\\/]/).pop() ?? file;
  const problems: ModelProblem[] = [];
  const refuse = (message: string) => problems.push({ file: tarballName, message });
  let entries = 0;
  let bytes = 0;
  let overLimit = false;
  const filter = (path: string, entry: unknown): boolean => {
    const { type, size, linkpath } = entry as ReadEntry;
    if (overLimit) return false;
    entries++;
    bytes += size ?? 0;
    if (entries > limits.maxEntries || bytes > limits.maxBytes) {
      overLimit = true;
      refuse(
        `archive exceeds the limit of ${limits.maxEntries} entries or ${limits.maxBytes} bytes; extraction stopped`,
      );
      return false;
    }
    if (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.split(/[\\/]/).includes("..")) {
      refuse(`refused entry "${path}": its path leads outside the model folder`);
      return false;
    }
    if (type === "SymbolicLink" || type === "Link") {
      refuse(
        `refused entry "${path}": links are not allowed in a model tarball (points to "${linkpath ?? ""}")`,
      );
      return false;
    }
    if (!EXTRACTABLE_TYPES.has(type)) {
      refuse(`refused entry "${path}": ${type} entries are not allowed in a model tarball`);
      return false;
    }
    return true;
  };
  try {
    await extract({ file, cwd: dest, strict: true, filter, preservePaths: false, noChmod: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "TAR_BAD_ARCHIVE" && entries === 0)
      refuse("cannot read the archive: it is empty or not a tar archive");
    else refuse(`cannot read the archive: ${oneLine((error as Error).message)}`);
  }
  if (entries === 0 && problems.length === 0) refuse("the archive is empty");
  return problems;
}

function oneLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
