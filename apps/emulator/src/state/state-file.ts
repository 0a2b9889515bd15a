// One JSON state file: written atomically (a temporary file beside it, fsync'd, renamed over it, by
// write-file-atomic), so a kill -9 at any moment leaves the old or the new content, never a torn file;
// read back through a schema, and moved aside with a warning when it cannot be read.
import { readFile, rename } from "node:fs/promises";
import type { Logger } from "pino";
import writeFileAtomic from "write-file-atomic";
import type { z } from "zod";

export function writeStateFile(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, text, { fsync: true });
}

/**
 * The file's content, or undefined when there is none. A file that does not parse or does not match the
 * schema is renamed to `<path>.unreadable-<time>` and named in a one-line warning: the emulator starts
 * clean rather than crashing, and nothing is deleted.
 */
export async function readStateFile<T>(
  path: string,
  schema: z.ZodType<T>,
  logger: Logger,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let reason: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    reason = `${issue.path.join(".") || "top level"}: ${issue.message}`;
  } catch (error) {
    reason = (error as Error).message;
  }
  const aside = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await rename(path, aside);
  logger.warn(
    `state file ${path} could not be read (${reason}); moved it to ${aside} and starting without it`,
  );
  return undefined;
}
