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
  streams: LogStream[];
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

  /** Changes with every append and clear: a saver compares it to know whether anything changed. */
  get version(): number {
    return this.#seq + this.#clears;
  }

  /** Every group, stream and event, as plain data (what the emulator keeps across restarts). */
  snapshot(): LogGroupState[] {
    return [...this.groups.values()].map((group) => ({
      name: group.name,
      creationTime: group.creationTime,
      streams: [...group.streams.values()],
    }));
  }

  /** Brings back a snapshot into an empty store; ingestion order continues after its last event. */
  restore(groups: LogGroupState[]): void {
    for (const group of groups) {
      this.groups.set(group.name, {
        name: group.name,
        creationTime: group.creationTime,
        streams: new Map(group.streams.map((stream) => [stream.name, stream])),
      });
      for (const stream of group.streams) {
        for (const event of stream.events) this.#seq = Math.max(this.#seq, event.seq);
      }
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
