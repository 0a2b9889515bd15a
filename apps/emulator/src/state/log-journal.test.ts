import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LogStore } from "../logs/log-store.js";
import { LogJournal } from "./log-journal.js";

const logger = pino({ level: "silent" });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mme-log-journal-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const messages = (store: LogStore, group: string, stream: string) =>
  store.groups
    .get(group)
    ?.streams.get(stream)
    ?.events.map((e) => e.message);

describe("LogJournal", () => {
  it("appends only new events, and a restart reads them back in order, a cut-off last line dropped", async () => {
    const path = join(dir, "appends.jsonl");
    const store = new LogStore();
    const journal = new LogJournal(path, store, logger);
    await journal.restore();
    store.append("g", "AllTraffic/i-1", "one");
    store.append("g", "AllTraffic/i-2", "two");
    await journal.flush();
    store.append("g", "AllTraffic/i-1", "three");
    await journal.flush();
    await journal.flush();
    expect((await readFile(path, "utf8")).trimEnd().split("\n")).toHaveLength(3);
    await appendFile(path, '{"group":"g","groupCreat'); // a kill -9 mid-append

    const back = new LogStore();
    await new LogJournal(path, back, logger).restore();
    expect(messages(back, "g", "AllTraffic/i-1")).toEqual(["one", "three"]);
    expect(messages(back, "g", "AllTraffic/i-2")).toEqual(["two"]);
    back.append("g", "AllTraffic/i-1", "four");
    expect(back.groups.get("g")!.streams.get("AllTraffic/i-1")!.events.at(-1)!.seq).toBe(4);
  });

  it("rewrites the file after the events are cleared", async () => {
    const path = join(dir, "cleared.jsonl");
    const store = new LogStore();
    const journal = new LogJournal(path, store, logger);
    await journal.restore();
    store.append("g", "s", "before");
    await journal.flush();
    store.clearEvents();
    store.append("g", "s", "after");
    await journal.flush();
    const back = new LogStore();
    await new LogJournal(path, back, logger).restore();
    expect(messages(back, "g", "s")).toEqual(["after"]);
  });
});
