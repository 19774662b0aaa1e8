// Wakes long-polls when a decision for their request is stored (SPEC §5.1: no sleep-polling).
// Invariants:
//   1. One storage listener serves every waiter; a stored decision wakes exactly the waiters
//      of its request, at once.
//   2. Every wait ends by the earliest of: a decision, its own timeout, the caller's signal;
//      its timer and registration are removed whichever comes first.
import type { ServiceStorage } from './storage/types.js';

/** Long-poll waiters keyed by request id. */
export class Waiters {
  private readonly byRequest = new Map<string, Set<() => void>>();
  private readonly unsubscribe: () => void;

  constructor(storage: ServiceStorage) {
    this.unsubscribe = storage.onDecision((id) => {
      const set = this.byRequest.get(id);
      if (set === undefined) return;
      this.byRequest.delete(id);
      for (const wake of set) wake();
    });
  }

  /** Number of waiters, for tests and the bench. */
  get size(): number {
    let n = 0;
    for (const set of this.byRequest.values()) n += set.size;
    return n;
  }

  /** Resolves when a decision for `requestId` is stored, after `ms`, or on `signal`. */
  wait(requestId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      let set = this.byRequest.get(requestId);
      if (set === undefined) this.byRequest.set(requestId, (set = new Set()));
      const mine = set;
      // Ends this wait once and removes every trace of it.
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        mine.delete(done);
        if (mine.size === 0 && this.byRequest.get(requestId) === mine) this.byRequest.delete(requestId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      mine.add(done);
    });
  }

  /** Stops listening to storage; pending waits still end by timeout or signal. */
  close(): void {
    this.unsubscribe();
  }
}
