// CloudWatch Logs events kept as JSON lines (logs.jsonl), one event a line with its group and stream:
// each flush appends only the events since the last one, so the cost follows the log's rate, not its
// size. At start the file is read back (a last line cut off by a kill -9 is dropped), then rewritten
// whole and bounded (write-temp, fsync, rename), as it is after the events are cleared.
import { appendFile, readFile, rename } from "node:fs/promises";
import type { Logger } from "pino";
import { z } from "zod";
import type { LogEvent, LogGroupState, LogStore } from "../logs/log-store.js";
import { writeStateFile } from "./state-file.js";

const Line = z.object({
  group: z.string(),
  groupCreationTime: z.number(),
  stream: z.string(),
  streamCreationTime: z.number(),
  timestamp: z.number(),
  message: z.string(),
  ingestionTime: z.number(),
  seq: z.number(),
});
type Line = z.infer<typeof Line>;

export class LogJournal {
  #writtenSeq = 0;
  #writtenClears = 0;

  constructor(
    readonly path: string,
    private readonly store: LogStore,
    private readonly logger: Logger,
  ) {}

  /** Reads the kept events into the (empty) store, then rewrites the file with what the store keeps. */
  async restore(): Promise<void> {
    const text = await readFile(this.path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const lines = text.split("\n");
    if (!text.endsWith("\n")) lines.pop(); // empty, or cut off mid-write
    const groups = new Map<string, LogGroupState>();
    for (const [index, text] of lines.entries()) {
      if (text === "") continue;
      let line: Line;
      try {
        line = Line.parse(JSON.parse(text));
      } catch (error) {
        const aside = `${this.path}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        await rename(this.path, aside);
        this.logger.warn(
          `state file ${this.path} could not be read (line ${index + 1}: ${(error as Error).message.split("\n")[0]}); moved it to ${aside} and starting without it`,
        );
        groups.clear();
        break;
      }
      let group = groups.get(line.group);
      if (!group) {
        group = { name: line.group, creationTime: line.groupCreationTime, streams: [] };
        groups.set(line.group, group);
      }
      let stream = group.streams.find((s) => s.name === line.stream);
      if (!stream) {
        stream = { name: line.stream, creationTime: line.streamCreationTime, events: [] };
        group.streams.push(stream);
      }
      stream.events.push({
        timestamp: line.timestamp,
        message: line.message,
        ingestionTime: line.ingestionTime,
        seq: line.seq,
      });
    }
    this.store.restore([...groups.values()]);
    await this.rewrite();
  }

  /** Appends the events since the last flush; after a clear, rewrites the file. */
  async flush(): Promise<void> {
    if (this.store.clears !== this.#writtenClears) return this.rewrite();
    const lastSeq = this.store.lastSeq;
    if (lastSeq === this.#writtenSeq) return;
    const lines = this.#lines((event) => event.seq > this.#writtenSeq);
    await appendFile(this.path, lines);
    this.#writtenSeq = lastSeq;
  }

  private async rewrite(): Promise<void> {
    const clears = this.store.clears;
    const lastSeq = this.store.lastSeq;
    await writeStateFile(
      this.path,
      this.#lines(() => true),
    );
    this.#writtenClears = clears;
    this.#writtenSeq = lastSeq;
  }

  /** The store's events that `pick` selects, as lines in ingestion order. */
  #lines(pick: (event: LogEvent) => boolean): string {
    const lines: Line[] = [];
    for (const group of this.store.groups.values()) {
      for (const stream of group.streams.values()) {
        // Events are in ingestion order: walk back from the newest while they are picked.
        let first = stream.events.length;
        while (first > 0 && pick(stream.events[first - 1]!)) first--;
        for (const event of stream.events.slice(first)) {
          lines.push({
            group: group.name,
            groupCreationTime: group.creationTime,
            stream: stream.name,
            streamCreationTime: stream.creationTime,
            ...event,
          });
        }
      }
    }
    return lines
      .sort((a, b) => a.seq - b.seq)
      .map((line) => `${JSON.stringify(line)}\n`)
      .join("");
  }
}
