// Which tar entries may be extracted: nothing may land, or point, outside the extraction folder.

import path from "node:path";
import type { ReadEntry } from "tar";
import { ArchiveError } from "./errors.js";

const ALLOWED_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);

/** The reason `entry` is refused, or undefined when it is safe to extract. */
export function checkEntry(entry: ReadEntry): ArchiveError | undefined {
  const name = entry.path;
  if (!ALLOWED_TYPES.has(entry.type)) {
    return new ArchiveError(
      "unsupported-entry",
      `entry ${JSON.stringify(name)} has unsupported type ${entry.type}`,
    );
  }
  if (isAbsolute(name) || hasParentSegment(name) || name.includes("\0")) {
    return new ArchiveError(
      "unsafe-path",
      `entry ${JSON.stringify(name)} would be written outside the model folder`,
    );
  }
  if (entry.type === "SymbolicLink" || entry.type === "Link") {
    const target = entry.linkpath ?? "";
    // A symlink's target is relative to its own folder; a hard link's to the archive root.
    const base = entry.type === "SymbolicLink" ? path.posix.dirname(name.replaceAll("\\", "/")) : ".";
    const resolved = path.posix.normalize(path.posix.join(base, target.replaceAll("\\", "/")));
    if (target === "" || isAbsolute(target) || resolved === ".." || resolved.startsWith("../")) {
      return new ArchiveError(
        "unsafe-link",
        `link ${JSON.stringify(name)} → ${JSON.stringify(target)} points outside the model folder`,
      );
    }
  }
  return undefined;
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[a-zA-Z]:/.test(p);
}

function hasParentSegment(p: string): boolean {
  return p.split(/[\\/]/).includes("..");
}
