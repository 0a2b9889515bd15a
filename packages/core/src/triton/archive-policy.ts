// The one policy for model archives, used by `mme validate-model` and by the emulator's extraction:
// which tar entries may be extracted (nothing may land, or point, outside the model folder) and the
// limits that stop archive bombs.

import path from "node:path";

export type ArchiveProblem =
  | "unsafe-path"
  | "unsafe-link"
  | "unsupported-entry"
  | "too-many-entries"
  | "too-large"
  | "corrupt";

/** Why an archive (or one of its entries) is refused. */
export interface ArchiveRefusal {
  problem: ArchiveProblem;
  message: string;
}

export interface ArchiveLimits {
  /** Number of entries (files, folders, links) the archive may hold. */
  maxEntries: number;
  /** Total bytes of regular files the archive may expand to. */
  maxBytes: number;
}

/**
 * A model is a handful of files, so 10,000 entries only stops inode bombs; 32 GiB leaves room for large
 * models (the emulator caps it further by its disk tier).
 */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxBytes: 32 * 1024 ** 3 };

/** What the rules read of a tar entry (node-tar's ReadEntry has these). */
export interface ArchiveEntry {
  path: string;
  type: string;
  size?: number | undefined;
  linkpath?: string | undefined;
}

const ALLOWED_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);

/** The reason `entry` is refused, or undefined when it is safe to extract. */
export function checkArchiveEntry(entry: ArchiveEntry): ArchiveRefusal | undefined {
  const name = entry.path;
  if (!ALLOWED_TYPES.has(entry.type)) {
    return {
      problem: "unsupported-entry",
      message: `entry ${JSON.stringify(name)} has unsupported type ${entry.type}`,
    };
  }
  if (isAbsolute(name) || hasParentSegment(name) || name.includes("\0")) {
    return {
      problem: "unsafe-path",
      message: `entry ${JSON.stringify(name)} would be written outside the model folder`,
    };
  }
  if (entry.type === "SymbolicLink" || entry.type === "Link") {
    const target = entry.linkpath ?? "";
    // A symlink's target is relative to its own folder; a hard link's to the archive root.
    const base = entry.type === "SymbolicLink" ? path.posix.dirname(name.replaceAll("\\", "/")) : ".";
    const resolved = path.posix.normalize(path.posix.join(base, target.replaceAll("\\", "/")));
    if (target === "" || isAbsolute(target) || resolved === ".." || resolved.startsWith("../")) {
      return {
        problem: "unsafe-link",
        message: `link ${JSON.stringify(name)} → ${JSON.stringify(target)} points outside the model folder`,
      };
    }
  }
  return undefined;
}

/** Counts an archive's entries and regular-file bytes against the limits, entry by entry. */
export class ArchiveBudget {
  entries = 0;
  bytes = 0;
  constructor(readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS) {}

  /** Counts `entry`; the refusal once a limit is passed. */
  add(entry: ArchiveEntry): ArchiveRefusal | undefined {
    if (++this.entries > this.limits.maxEntries) {
      return {
        problem: "too-many-entries",
        message: `archive has more than ${this.limits.maxEntries} entries`,
      };
    }
    if (isRegularFile(entry)) this.bytes += entry.size ?? 0;
    return this.bytes > this.limits.maxBytes ? this.tooLarge() : undefined;
  }

  tooLarge(): ArchiveRefusal {
    return {
      problem: "too-large",
      message: `archive expands beyond the limit of ${this.limits.maxBytes} bytes`,
    };
  }
}

function isRegularFile(entry: ArchiveEntry): boolean {
  return entry.type === "File" || entry.type === "OldFile" || entry.type === "ContiguousFile";
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[a-zA-Z]:/.test(p);
}

function hasParentSegment(p: string): boolean {
  return p.split(/[\\/]/).includes("..");
}
