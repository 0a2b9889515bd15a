// The threads ONNX sessions live on, kept across loads: starting a thread and loading onnxruntime into it
// cost more than creating a small model's session, and one thread (a V8 isolate) per session cost ~9 MB each.
// Not a task pool (piscina and the like hand each task to any free thread): a session is state on one
// thread, so every run of it must go to that thread.
import { availableParallelism } from "node:os";
import { SessionThread } from "./session-thread.js";

export class SessionThreadPool {
  private readonly threads: SessionThread[] = [];

  /** `size` threads stay up once started; more start only for a model with more instances than that. */
  constructor(private readonly size: number) {}

  /** The thread with the fewest sessions that is not in `avoid` (a model's other instances), started if need be. */
  pick(avoid: ReadonlySet<SessionThread> = new Set()): SessionThread {
    let best: SessionThread | undefined;
    for (const thread of this.threads) {
      if (avoid.has(thread)) continue;
      if (!best || thread.sessionCount < best.sessionCount) best = thread;
    }
    if (best && (best.sessionCount === 0 || this.threads.length >= this.size)) return best;
    return this.start();
  }

  /**
   * Starts the pool's threads ahead of need, so that no load waits for one: `pick` spreads sessions over
   * `size` threads, and a thread start (a V8 isolate and onnxruntime's load) costs far more than a small
   * model's session.
   */
  warm(): void {
    while (this.threads.length < this.size) this.start();
  }

  /**
   * Stops every thread, for a process about to exit: process.exit() while a thread is still inside
   * onnxruntime's native code (loading it, or running) can take the process down with a signal.
   */
  async closeAll(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private start(): SessionThread {
    const thread = new SessionThread(
      (idle) => {
        // Beyond `size`, an idle thread goes; within it, it stays warm (unref'd: it keeps no process alive).
        if (this.threads.length > this.size) {
          this.remove(idle);
          void idle.terminate();
        }
      },
      (gone) => this.remove(gone),
    );
    this.threads.push(thread);
    return thread;
  }

  private remove(thread: SessionThread) {
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
  }
}

/** The process's session threads: one per core (at least 2, so one long inference cannot hold every model). */
export const sessionThreads = new SessionThreadPool(Math.max(2, availableParallelism()));
