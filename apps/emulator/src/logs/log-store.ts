// The emulator's CloudWatch Logs: groups of streams of events, bounded per stream (oldest dropped).
export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Store-wide ingestion order: breaks timestamp ties and makes pagination cursors. */
  seq: number;
}

export interface LogStream {
  name: string;
  creationTime: number;
  events: LogEvent[];
  storedBytes: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

export interface LogGroupState {
  name: string;
  creationTime: number;
  streams: { name: string; creationTime: number; events: LogEvent[] }[];
}

export interface LogStoreOptions {
  /** Events kept per stream (default 20 000). */
  eventsPerStream?: number;
  now?: () => number;
}

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  readonly #eventsPerStream: number;
  readonly #now: () => number;
  #seq = 0;
  #clears = 0;

  constructor(options: LogStoreOptions = {}) {
    this.#eventsPerStream = options.eventsPerStream ?? 20_000;
    this.#now = options.now ?? Date.now;
  }

  stream(groupName: string, streamName: string): LogStream {
    let group = this.groups.get(groupName);
    if (!group) {
      group = { name: groupName, creationTime: this.#now(), streams: new Map() };
      this.groups.set(groupName, group);
    }
    let stream = group.streams.get(streamName);
    if (!stream) {
      stream = { name: streamName, creationTime: this.#now(), events: [], storedBytes: 0 };
      group.streams.set(streamName, stream);
    }
    return stream;
  }

  append(groupName: string, streamName: string, message: string, timestamp = this.#now()): void {
    const stream = this.stream(groupName, streamName);
    stream.events.push({ timestamp, message, ingestionTime: this.#now(), seq: ++this.#seq });
    stream.storedBytes += Buffer.byteLength(message);
    if (stream.events.length > this.#eventsPerStream) {
      const dropped = stream.events.shift()!;
      stream.storedBytes -= Buffer.byteLength(dropped.message);
    }
  }

  /** The ingestion order of the newest event: a saver writes the events after the last it wrote. */
  get lastSeq(): number {
    return this.#seq;
  }

  /** How many times the events were cleared: a saver then rewrites what it kept. */
  get clears(): number {
    return this.#clears;
  }

  /** Brings back kept groups into an empty store (the newest events per stream); ingestion order continues after its last event. */
  restore(groups: LogGroupState[]): void {
    for (const group of groups) {
      const streams = group.streams.map((stream) => {
        const events = stream.events.slice(-this.#eventsPerStream);
        for (const event of events) this.#seq = Math.max(this.#seq, event.seq);
        const storedBytes = events.reduce((sum, event) => sum + Buffer.byteLength(event.message), 0);
        return { name: stream.name, creationTime: stream.creationTime, events, storedBytes };
      });
      this.groups.set(group.name, {
        name: group.name,
        creationTime: group.creationTime,
        streams: new Map(streams.map((stream) => [stream.name, stream])),
      });
    }
  }

  /** Empties every stream; groups and streams stay, as they do when a real endpoint's logs expire. */
  clearEvents(): void {
    this.#clears++;
    for (const group of this.groups.values()) {
      for (const stream of group.streams.values()) {
        stream.events = [];
        stream.storedBytes = 0;
      }
    }
  }
}
