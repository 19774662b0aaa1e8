// Taking SQLite's write lock (BEGIN IMMEDIATE) when many processes append at once.
// SQLite's own busy handler sleeps in growing steps up to 100 ms, so with dozens of writers
// most of the time is spent asleep while the lock is free. Here a waiter retries after a
// short randomised pause (at most 4 ms) until the deadline, which keeps the lock busy.
// Invariants:
//   1. Only a failed BEGIN is retried: nothing has run, so a retry cannot duplicate work.
//   2. After BUSY_TIMEOUT_MS without the lock the append fails (and the run does not start).
import type BetterSqlite3 from 'better-sqlite3';
import { monotonicMs } from '../clock.js';

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

// Blocks the thread for `ms` milliseconds (appends are synchronous by design).
function sleep(ms: number): void {
  Atomics.wait(SLEEPER, 0, 0, ms);
}

// Whether a SQLite error means "another connection holds the lock".
function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

/** Runs BEGIN IMMEDIATE, retrying while the database is busy, for at most `timeoutMs`. */
export function beginImmediate(begin: BetterSqlite3.Statement, timeoutMs: number): void {
  const deadline = monotonicMs() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      begin.run();
      return;
    } catch (error) {
      if (!isBusy(error) || monotonicMs() >= deadline) throw error;
    }
    sleep(Math.min(4, 0.25 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
  }
}
