// A fixed set of sessions, each running one request at a time; callers queue for a free one.

export class SessionPool<S> {
  private readonly idle: S[];
  private readonly waiters: ((session: S) => void)[] = [];

  constructor(readonly sessions: readonly S[]) {
    this.idle = [...sessions];
  }

  async use<T>(work: (session: S) => Promise<T>): Promise<T> {
    const session = this.idle.pop() ?? (await new Promise<S>((resolve) => this.waiters.push(resolve)));
    try {
      return await work(session);
    } finally {
      const next = this.waiters.shift();
      if (next) next(session);
      else this.idle.push(session);
    }
  }
}
