// A fixed number of sessions, each running one request at a time; callers queue for a free one.

export class SessionPool<S> {
  private readonly all: S[];
  private readonly idle: S[];
  private readonly waiters: ((session: S) => void)[] = [];
  /** Sessions swapped out while a request held them → their replacement, handed on when that request ends. */
  private readonly replacedInUse = new Map<S, S>();

  constructor(sessions: readonly S[]) {
    this.all = [...sessions];
    this.idle = [...sessions];
  }

  get sessions(): readonly S[] {
    return this.all;
  }

  async use<T>(work: (session: S) => Promise<T>): Promise<T> {
    const session = this.idle.pop() ?? (await new Promise<S>((resolve) => this.waiters.push(resolve)));
    try {
      return await work(session);
    } finally {
      const fresh = this.replacedInUse.get(session);
      this.replacedInUse.delete(session);
      this.giveBack(fresh ?? session);
    }
  }

  /** Swaps a broken session for a fresh one. */
  replace(old: S, fresh: S): void {
    const index = this.all.indexOf(old);
    if (index < 0) return;
    this.all[index] = fresh;
    const idleIndex = this.idle.indexOf(old);
    if (idleIndex < 0) {
      this.replacedInUse.set(old, fresh);
      return;
    }
    this.idle.splice(idleIndex, 1);
    this.giveBack(fresh);
  }

  private giveBack(session: S) {
    const next = this.waiters.shift();
    if (next) next(session);
    else this.idle.push(session);
  }
}
